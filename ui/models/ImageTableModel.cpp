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

ImageTableModel::ImageTableModel(QObject *parent) : KeyedTableModel(parent)
{}

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

int ImageTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ImageTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const fd::docker::ImageSummary &image = m_rows[index.row()];
    const auto column = Column(index.column());
    switch (role) {
    case KeyRole:
        return image.id;
    case Qt::TextAlignmentRole:
        return column == SizeColumn ? int(Qt::AlignRight | Qt::AlignVCenter) : int(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::ToolTipRole:
        if (column == IdColumn)
            return image.id;
        if (column == TagsColumn)
            return image.repoDigests.isEmpty() ? tagsText(image)
                                               : tagsText(image) + u'\n' + image.repoDigests.join(u'\n');
        if (column == SizeColumn)
            return tr("%1 bytes").arg(image.size);
        return {};
    case Qt::DisplayRole:
    case RawValueRole:
        break;
    default:
        return {};
    }
    const bool raw = role == RawValueRole;
    switch (column) {
    case TagsColumn:
        return tagsText(image);
    case IdColumn:
        return raw ? image.id : Formatter::shortId(image.id);
    case SizeColumn:
        return raw ? QVariant(image.size) : QVariant(Formatter::bytes(image.size));
    case CreatedColumn:
        return raw ? QVariant(image.created) : QVariant(Formatter::dateTime(image.created));
    case ColumnCount:
        break;
    }
    return {};
}

QVariant ImageTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case TagsColumn:
        return tr("Repository:tag");
    case IdColumn:
        return tr("Image id");
    case SizeColumn:
        return tr("Size");
    case CreatedColumn:
        return tr("Created");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace fd::ui
