#include "ImageStateFilter.h"

#include "ImageListModel.h"

namespace refpose::annotator {

void ImageStateFilter::setState(std::optional<ImageState> state) {
    state_ = state;
    invalidateFilter();
}

bool ImageStateFilter::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const {
    if (!state_) return true;
    const QModelIndex i = sourceModel()->index(sourceRow, 0, sourceParent);
    return i.data(ImageListModel::StateRole).toInt() == int(*state_);
}

}  // namespace refpose::annotator
