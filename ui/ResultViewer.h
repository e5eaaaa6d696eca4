#pragma once
// A large in-app view of one result: its picture filling most of the screen with the matched
// skeleton over it, the file name and distance in the title. The picture loads in a worker
// (runInBackground); Esc closes. One window, reused for the next result shown.

#include "SearchTypes.h"

#include <QDialog>

class QLabel;

namespace refpose::ui {

class ResultViewer : public QDialog {
    Q_OBJECT
public:
    explicit ResultViewer(QWidget* parent);
    void showResult(const ResultItem& item, const JointFlags& part);
    // The side, in logical pixels, the picture is fitted into (most of the screen).
    QSize fitSize() const;
    const ResultItem& item() const { return item_; }
    // True once the full picture (not just the thumbnail) is shown.
    bool showsFullPicture() const { return full_; }

private:
    void present(const QImage& picture);

    QLabel* picture_;
    ResultItem item_;
    JointFlags part_ = allJoints();
    int shown_ = 0;  // increments per showResult: a late picture of an earlier result is dropped
    bool full_ = false;
};

}  // namespace refpose::ui
