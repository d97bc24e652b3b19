#include "ImageTableModel.h"

#include "Formatter.h"

namespace fd::ui {

namespace {

bool sameImage(const fd::docker::ImageSummary &a, const fd::docker::ImageSummary &b)
{
    return a.id == b.id && a.repoTags == b.repoTags && a.size == b.size && a.created == b.created &&
           a.repoDigests == b.repoDigests;
}

// Untagged images show as Docker shows them.
QString tagsText(const fd::docker::ImageSummary &image)
{
    QStringList tags = image.repoTags;
    tags.removeAll(QStringLiteral("<none>:<none>"));
    return tags.isEmpty() ? QStringLiteral("<none>") : tags.join(QStringLiteral(", "));
}

} // namespace

ImageTableModel::ImageTableModel(QObject *parent) : ColumnTableModel(parent)
{
    defineColumns();
}

void ImageTableModel::defineColumns()
{
    using I = fd::docker::ImageSummary;
    m_columns.setRowRole(KeyRole, [](const I &image) { return image.id; });
    m_columns.setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_columns.add(tr("Repository:tag"))
        .display([](const I &image) { return tagsText(image); })
        .toolTip([](const I &image) {
            return image.repoDigests.isEmpty() ? tagsText(image)
                                               : tagsText(image) + u'\n' + image.repoDigests.join(u'\n');
        });
    m_columns.add(tr("Image id"))
        .display([](const I &image) { return Formatter::shortId(image.id); })
        .raw([](const I &image) { return image.id; })
        .toolTip([](const I &image) { return image.id; });
    m_columns.add(tr("Size"))
        .display([](const I &image) { return Formatter::bytes(image.size); })
        .raw([](const I &image) { return QVariant::fromValue(image.size); })
        .align(Qt::AlignRight | Qt::AlignVCenter)
        .toolTip([](const I &image) { return tr("%1 bytes").arg(image.size); });
    m_columns.add(tr("Created"))
        .display([](const I &image) { return Formatter::dateTime(image.created); })
        .raw([](const I &image) { return image.created; });
    Q_ASSERT(m_columns.count() == ColumnCount);
}

void ImageTableModel::setImages(const QList<fd::docker::ImageSummary> &images)
{
    syncRows(
        images, [](const fd::docker::ImageSummary &i) { return i.id; }, sameImage);
}

bool ImageTableModel::hasTag(const QString &repoTag) const
{
    return std::any_of(m_rows.cbegin(), m_rows.cend(),
                       [&](const fd::docker::ImageSummary &i) { return i.repoTags.contains(repoTag); });
}

} // namespace fd::ui
