#pragma once

#include "ColumnTableModel.h"
#include "docker/DockerTypes.h"

namespace fd::ui {

/**
 * The local images of one Docker engine, one row each, keyed by image id. Fed by the view with
 * setImages() after each listImages() answer (an engine does not signal image changes to us);
 * refresh() re-applies nothing and exists for the base class.
 */
class ImageTableModel final : public ColumnTableModel<fd::docker::ImageSummary>
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImageTableModel)

public:
    enum Column { TagsColumn, IdColumn, SizeColumn, CreatedColumn, ColumnCount };

    explicit ImageTableModel(QObject *parent = nullptr);

    void setImages(const QList<fd::docker::ImageSummary> &images);

    void refresh() override {}

    /// True when some image carries `repoTag` ("fleetdeck/demo-web:1").
    bool hasTag(const QString &repoTag) const;

private:
    void defineColumns();
};

} // namespace fd::ui
