#pragma once
// Shows only the images whose state the filter accepts (the image list's filter box).

#include "ImageState.h"

#include <QSortFilterProxyModel>

#include <optional>

namespace refpose::annotator {

class ImageStateFilter : public QSortFilterProxyModel {
    Q_OBJECT
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    // Nothing = every image.
    void setState(std::optional<ImageState> state);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    std::optional<ImageState> state_;
};

}  // namespace refpose::annotator
