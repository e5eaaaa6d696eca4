#pragma once
// The "Model" menu: the built-in and trained pose models as one exclusive, checkable group, each
// labelled with its validation OKS@50; the active model is checked. Choosing one only asks (the
// main window checks the score, loads the model and remembers it).

#include "ModelCatalog.h"

#include <QMenu>

class QActionGroup;

namespace refpose::ui {

class ModelMenu : public QMenu {
    Q_OBJECT
public:
    explicit ModelMenu(QWidget* parent = nullptr);

    // Rebuilds the entries; the one whose file is `activeFile` is checked.
    void setChoices(const QList<ModelChoice>& choices, const QString& activeFile);
    QList<ModelChoice> choices() const { return choices_; }
    // The entries' actions in menu order (tests trigger them).
    QList<QAction*> choiceActions() const;

Q_SIGNALS:
    void chosen(const refpose::ui::ModelChoice& choice);

private:
    QList<ModelChoice> choices_;
    QActionGroup* group_;
};

}  // namespace refpose::ui
