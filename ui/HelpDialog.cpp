#include "HelpDialog.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

namespace refpose::ui {

HelpDialog::HelpDialog(const QList<QAction*>& actions, QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("RefPose keyboard shortcuts"));
    auto* table = new QTableWidget(0, 2, this);
    table->setHorizontalHeaderLabels({tr("Action"), tr("Shortcut")});
    table->verticalHeader()->hide();
    table->horizontalHeader()->setStretchLastSection(true);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    for (const QAction* a : actions) {
        // Actions whose keys are parked while another tab is shown keep them in "keys".
        const QVariant parked = a->property("keys");
        const QList<QKeySequence> shortcuts = parked.isValid() ? parked.value<QList<QKeySequence>>() : a->shortcuts();
        if (shortcuts.isEmpty()) continue;
        const int row = table->rowCount();
        table->insertRow(row);
        table->setItem(row, 0, new QTableWidgetItem(a->text().remove(QLatin1Char('&'))));
        QStringList keys;
        for (const QKeySequence& k : shortcuts) keys << k.toString(QKeySequence::NativeText);
        table->setItem(row, 1, new QTableWidgetItem(keys.join(QStringLiteral(", "))));
    }
    table->resizeColumnsToContents();
    auto* mouse = new QLabel(tr("Skeleton: drag a joint to turn its limb (bone lengths kept; Shift+drag "
                                "stretches it); drag elsewhere to move the figure; Shift+drag rotates, "
                                "Ctrl+drag or the wheel scales; right-click a joint switches it off; "
                                "Ctrl+wheel zooms the view, middle-drag pans it, Ctrl+0 fits it. Results: "
                                "hover to enlarge, Space to view large, double-click to open, right-click "
                                "for \"show in folder\" and \"more like this\"."),
                             this);
    mouse->setWordWrap(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(table, 1);
    layout->addWidget(mouse);
    layout->addWidget(buttons);
    resize(520, 560);
}

}  // namespace refpose::ui
