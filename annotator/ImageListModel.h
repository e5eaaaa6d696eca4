#pragma once
// The folder's images for the image list: file name, state (and a state role for filtering).

#include "ImageState.h"

#include <QAbstractListModel>

namespace refpose::annotator {

class AnnotationDocument;

class ImageListModel : public QAbstractListModel {
    Q_OBJECT
public:
    // Qt::UserRole + 1 holds the ImageState as an int.
    static constexpr int StateRole = Qt::UserRole + 1;

    explicit ImageListModel(AnnotationDocument* doc, QObject* parent = nullptr);
    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;

private:
    AnnotationDocument* doc_;
};

}  // namespace refpose::annotator
