#pragma once
// Library > Check library...: the GUI side of core/library/LibraryRepair.h. The check runs in
// the background (it reads the whole file) and its outcome is shown in a message box; for a
// damaged library the box offers to rebuild it, which needs the library closed first.

#include "library/LibraryRepair.h"

#include <QString>

#include <functional>

class QWidget;

namespace refpose::ui {

struct LibraryCheckHooks {
    // Releases every PoseLibrary open on the file and stops indexing (called before a rebuild:
    // a connection left open would keep writing into the replaced file).
    std::function<void()> closeLibrary;
    // Opens the (rebuilt) library again, e.g. as at start-up.
    std::function<void()> reopenLibrary;
};

// Checks `file` in the background, then shows the result over `parent`; returns at once.
void checkLibraryInteractively(QWidget* parent, const QString& file, LibraryCheckHooks hooks);

// The texts of the message boxes (plain text; tested without a window).
QString describeCheck(const QString& file, const LibraryCheck& check);
QString describeRebuild(const QString& file, const RebuildReport& report);

}  // namespace refpose::ui
