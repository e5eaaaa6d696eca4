#include "WorkspaceTabs.h"

#include "AnnotatorView.h"
#include "TrainingPanel.h"
#include "estimate/PoseEstimator.h"

#include <QDir>
#include <QFileInfo>
#include <QScrollArea>

namespace refpose::ui {

annotator::AnnotatorView* makeAnnotateTab(QWidget* parent, const QString& modelFile) {
    auto* view = new annotator::AnnotatorView(parent);
    const std::string model = modelFile.toStdString();
    view->setEstimatorFactory([model]() -> std::shared_ptr<PoseEstimator> {
        if (model.empty()) throw ModelError("no pose model was given to RefPose (--model)");
        return std::shared_ptr<PoseEstimator>(PoseEstimator::open(model));
    });
    return view;
}

TrainingPanel* makeTrainTab(QWidget* parent, const QString& modelFile) {
    auto* panel = new TrainingPanel(parent);
    if (modelFile.endsWith(QStringLiteral(".json"), Qt::CaseInsensitive)) {
        panel->setTaskModel(modelFile);
    } else {
        // A RefPose model (the default one among them) lies beside the MoveNet files it came from.
        const QString thunder = QFileInfo(modelFile).dir().filePath(QStringLiteral("movenet-thunder.json"));
        if (QFileInfo::exists(thunder)) panel->setTaskModel(thunder);
    }
    return panel;
}

QWidget* scrollable(QWidget* page) {
    auto* area = new QScrollArea(page->parentWidget());
    area->setFrameShape(QFrame::NoFrame);
    area->setWidgetResizable(true);
    area->setWidget(page);
    return area;
}

}  // namespace refpose::ui
