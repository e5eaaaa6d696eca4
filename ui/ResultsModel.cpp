#include "ResultsModel.h"

#include <QFileInfo>

namespace refpose::ui {

QString entryLabel(const SearchHit& hit) {
    if (!hit.entry.imagePath.empty()) return QFileInfo(QString::fromStdString(hit.entry.imagePath)).fileName();
    return QString::fromStdString(hit.entry.sourceId);
}

void ResultsModel::setResults(std::vector<ResultItem> items, const JointFlags& part) {
    beginResetModel();
    items_ = std::move(items);
    part_ = part;
    endResetModel();
}

int ResultsModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(items_.size()); }

namespace {
QVariant data_(const ResultItem& item, int role) {
    switch (role) {
        case Qt::DisplayRole:
            return entryLabel(item.hit);
        case Qt::ToolTipRole: {
            const QString where = item.hit.entry.imagePath.empty() ? QString::fromStdString(item.hit.entry.sourceId)
                                                                   : QString::fromStdString(item.hit.entry.imagePath);
            return QStringLiteral("%1\n%2 %3%4")
                .arg(where, QObject::tr("distance"), QString::number(item.hit.distance, 'f', 3),
                     item.hit.mirrored ? QObject::tr(" (mirrored)") : QString());
        }
        default:
            return {};
    }
}
}  // namespace

QVariant ResultsModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    return data_(item(index.row()), role);
}

}  // namespace refpose::ui
