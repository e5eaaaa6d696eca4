#include "LibraryCheckAction.h"

#include "BackgroundJob.h"
#include "Plural.h"

#include <QPushButton>
#include <QCoreApplication>
#include <QMessageBox>
#include <QPointer>
#include <QWidget>

#include <algorithm>

namespace refpose::ui {
namespace {

// Problems listed in the message box at most (the rest are counted).
constexpr std::size_t kShownProblems = 8;

QString tr(const char* text) { return QCoreApplication::translate("LibraryCheck", text); }

QString countsText(const LibraryCounts& c) {
    return countOf(c.images, tr("image"), tr("images")) + QStringLiteral(", ") +
           countOf(c.poses, tr("pose"), tr("poses")) + QStringLiteral(", ") +
           countOf(c.folders, tr("folder"), tr("folders"));
}

void rebuild(QWidget* parent, const QString& file, const LibraryCheckHooks& hooks) {
    if (hooks.closeLibrary) hooks.closeLibrary();
    // The answer arrives only while `parent` lives (the job's watcher is its child).
    runInBackground(
        parent, [path = file.toStdString()] { return rebuildLibrary(path); },
        [parent, file, hooks](const JobOutcome<RebuildReport>& outcome) {
            if (outcome.ok())
                QMessageBox::information(parent, tr("Library rebuilt"), describeRebuild(file, outcome.value()));
            else
                QMessageBox::critical(parent, tr("Library not rebuilt"), outcome.error());
            if (hooks.reopenLibrary) hooks.reopenLibrary();
        });
}

}  // namespace

QString describeCheck(const QString& file, const LibraryCheck& check) {
    if (check.ok()) return tr("%1 is sound: %2.").arg(file, countsText(check.counts));
    QString text = tr("%1 is damaged:").arg(file);
    for (std::size_t i = 0; i < std::min(check.problems.size(), kShownProblems); ++i)
        text += QStringLiteral("\n• ") + QString::fromStdString(check.problems[i]);
    if (check.problems.size() > kShownProblems)
        text += QStringLiteral("\n") + tr("and %1 more.").arg(check.problems.size() - kShownProblems);
    text += QStringLiteral("\n\n") + tr("Rebuild copies everything still readable into a new library that replaces "
                                        "it; the damaged file is kept beside it.");
    return text;
}

QString describeRebuild(const QString& file, const RebuildReport& r) {
    return tr("%1 was rebuilt: it holds %2.\nLeft out: %3 unusable rows and %4 unreadable stretches.\n"
              "The damaged file is kept as %5.\nIndex the library's folders again to estimate the images that "
              "were lost.")
        .arg(file, countsText(r.kept), QString::number(r.rowsLeftOut), QString::number(r.unreadableStretches),
             QString::fromStdString(r.damagedCopy.string()));
}

void checkLibraryInteractively(QWidget* parent, const QString& file, LibraryCheckHooks hooks) {
    QPointer<QWidget> owner = parent;
    runInBackground(
        parent, [path = file.toStdString()] { return checkLibrary(path); },
        [owner, file, hooks = std::move(hooks)](const JobOutcome<LibraryCheck>& outcome) {
            if (!owner) return;
            if (!outcome.ok()) {
                QMessageBox::critical(owner, tr("Library check"), outcome.error());
                return;
            }
            const LibraryCheck& check = outcome.value();
            if (check.ok()) {
                QMessageBox::information(owner, tr("Library check"), describeCheck(file, check));
                return;
            }
            QMessageBox box(QMessageBox::Warning, tr("Library check"), describeCheck(file, check), QMessageBox::Close,
                            owner);
            const QPushButton* rebuildButton = box.addButton(tr("Rebuild"), QMessageBox::AcceptRole);
            box.setDefaultButton(QMessageBox::Close);
            box.exec();
            if (owner && box.clickedButton() == rebuildButton) rebuild(owner, file, hooks);
        });
}

}  // namespace refpose::ui
