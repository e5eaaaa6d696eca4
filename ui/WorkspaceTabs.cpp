#include "WorkspaceTabs.h"

#include "AnnotatorView.h"
#include "estimate/PoseEstimator.h"

#include <QLabel>

namespace refpose::ui {

QWidget* makeAnnotateTab(QWidget* parent, const QString& modelFile) {
    auto* view = new annotator::AnnotatorView(parent);
    const std::string model = modelFile.toStdString();
    view->setEstimatorFactory([model]() -> std::shared_ptr<PoseEstimator> {
        if (model.empty()) throw ModelError("no pose model was given to RefPose (--model)");
        return std::shared_ptr<PoseEstimator>(PoseEstimator::open(model));
    });
    return view;
}

QWidget* makeTrainTab(QWidget* parent) {
    auto* label = new QLabel(QObject::tr("The training panel is not part of this build yet."), parent);
    label->setAlignment(Qt::AlignCenter);
    label->setWordWrap(true);
    return label;
}

}  // namespace refpose::ui
