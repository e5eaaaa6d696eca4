#include "ImageListModel.h"

#include "AnnotationDocument.h"

#include <QColor>

namespace refpose::annotator {
namespace {
QColor stateColour(ImageState s) {
    switch (s) {
        case ImageState::NotStarted:
            return QColor(150, 150, 150);
        case ImageState::InProgress:
            return QColor(230, 170, 30);
        case ImageState::Done:
            return QColor(60, 170, 80);
        case ImageState::Skipped:
            return QColor(120, 120, 200);
    }
    return {};
}
}  // namespace

ImageListModel::ImageListModel(AnnotationDocument* doc, QObject* parent) : QAbstractListModel(parent), doc_(doc) {
    connect(doc, &AnnotationDocument::documentReset, this, [this] {
        beginResetModel();
        endResetModel();
    });
    connect(doc, &AnnotationDocument::imageChanged, this,
            [this](int row) { Q_EMIT dataChanged(index(row), index(row)); });
}

int ImageListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() || !doc_->isOpen() ? 0 : doc_->imageCount();
}

QVariant ImageListModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const ImageState state = doc_->edit(index.row()).state;
    switch (role) {
        case Qt::DisplayRole:
            return QStringLiteral("%1  [%2]")
                .arg(QString::fromStdString(doc_->image(index.row()).fileName), stateLabel(state));
        case Qt::ToolTipRole:
            return doc_->imagePath(index.row());
        case Qt::ForegroundRole:
            return stateColour(state);
        case StateRole:
            return int(state);
        default:
            return {};
    }
}

}  // namespace refpose::annotator
