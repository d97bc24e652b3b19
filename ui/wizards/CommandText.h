#pragma once

#include <QString>
#include <QStringList>

namespace fd::ui {

/**
 * How the wizard shows a command (command, entryPoint, healthCheck.command) in one line edit and
 * reads it back. Plain words are space-separated; anything a space-separated line cannot carry
 * (an argument with spaces or quotes, an empty argument) is shown as a JSON array, and either
 * form is accepted when reading.
 *   ["nginx", "-g", "daemon off;"]       <-> ["nginx","-g","daemon off;"]
 *   ["CMD-SHELL", "curl -f localhost"]   <-> CMD-SHELL curl -f localhost
 *   ["npm", "start"]                     <-> npm start
 */
class CommandText final
{
public:
    CommandText() = delete;

    static QStringList parse(const QString &text);
    static QString format(const QStringList &command);
};

} // namespace fd::ui
