#pragma once
// F1: every action with its shortcut, read from the actions themselves so it never goes stale.

#include <QDialog>
#include <QList>

class QAction;

namespace refpose::ui {

class HelpDialog : public QDialog {
    Q_OBJECT
public:
    HelpDialog(const QList<QAction*>& actions, QWidget* parent = nullptr);
};

}  // namespace refpose::ui
