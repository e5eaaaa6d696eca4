#pragma once
// The enlarged view of a hovered result: the image loaded at preview size in a worker thread
// (runInBackground: the GUI never decodes a large image), with the matched skeleton over it.

#include "SearchTypes.h"

#include <QLabel>

namespace refpose::ui {

class HoverPreview : public QLabel {
    Q_OBJECT
public:
    explicit HoverPreview(QWidget* parent);
    void showFor(const ResultItem& item, const JointFlags& part, const QPoint& globalPos);
    void hidePreview();

private:
    void present(const QImage& picture);

    ResultItem item_;
    JointFlags part_ = allJoints();
    QPoint at_;
    std::int64_t shownPose_ = -1;
};

}  // namespace refpose::ui
