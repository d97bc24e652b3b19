#pragma once

#include "ControlPlane.h"
#include "state/Kinds.h"

#include <QList>
#include <QObject>

namespace fd::test {

// Records what ControlPlane::changed announces: how many committed transactions touched a kind, and
// the journal events in the order they were committed.
class ChangeSpy final : public QObject
{
public:
    explicit ChangeSpy(ControlPlane &cp)
    {
        connect(&cp, &ControlPlane::changed, this, [this](const state::ChangeSet &set) {
            m_sets.append(set);
            m_events.append(set.events);
        });
    }

    int transactions() const { return int(m_sets.size()); }
    // Transactions that wrote or derived a resource of `kind` (state/Kinds.h).
    int count(QStringView kind) const
    {
        return int(std::count_if(m_sets.cbegin(), m_sets.cend(), [&](const state::ChangeSet &s) { return s.touches(kind); }));
    }
    const QList<Event> &events() const { return m_events; }

private:
    QList<state::ChangeSet> m_sets;
    QList<Event> m_events;
};

} // namespace fd::test
