#include "ModelMenu.h"

#include <QActionGroup>
#include <QDir>
#include <QFileInfo>

namespace refpose::ui {

ModelMenu::ModelMenu(QWidget* parent) : QMenu(tr("&Model"), parent), group_(new QActionGroup(this)) {
    group_->setExclusive(true);
    setToolTipsVisible(true);  // the tooltips say where each score comes from
}

void ModelMenu::setChoices(const QList<ModelChoice>& choices, const QString& activeFile) {
    // Not clear(): this may run from an entry's own triggered() handler, which must outlive it.
    for (QAction* a : actions()) {
        group_->removeAction(a);
        removeAction(a);
        a->deleteLater();
    }
    choices_ = choices;
    const QString active = QFileInfo(activeFile).absoluteFilePath();
    addSection(tr("Built-in models"));
    bool trainedSection = false;
    for (int i = 0; i < choices_.size(); ++i) {
        const ModelChoice& c = choices_[i];
        if (!c.builtIn && !trainedSection) {
            addSection(tr("Trained models"));
            trainedSection = true;
        }
        QAction* a = addAction(c.label());
        a->setCheckable(true);
        a->setChecked(!activeFile.isEmpty() && QFileInfo(c.file).absoluteFilePath() == active);
        a->setToolTip(QStringLiteral("%1\n%2").arg(c.metricNote, QDir::toNativeSeparators(c.file)));
        a->setData(i);
        group_->addAction(a);
        connect(a, &QAction::triggered, this, [this, i] { Q_EMIT chosen(choices_.value(i)); });
    }
    if (!trainedSection) addAction(tr("No trained models yet (Train tab)"))->setEnabled(false);
}

QList<QAction*> ModelMenu::choiceActions() const { return group_->actions(); }

}  // namespace refpose::ui
