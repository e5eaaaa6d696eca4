#include "WindowPlacement.h"

#include <QPointer>
#include <QScreen>
#include <QTimer>
#include <QWidget>

#include <algorithm>

namespace refpose {

void fitIntoAvailableScreen(QWidget* window) {
    const QScreen* screen = window->screen();
    if (!screen || window->isMaximized() || window->isFullScreen()) return;
    const QRect available = screen->availableGeometry();
    // Before the window manager has framed the window Qt reports no frame: leave room for a
    // title bar and borders, or the frame added later pushes the status bar off the screen.
    constexpr QSize kAssumedFrame(16, 40);
    const QSize reported = window->frameGeometry().size() - window->size();
    const QSize frameExtra = reported.isEmpty() ? kAssumedFrame : reported;
    window->resize(window->size().boundedTo(available.size() - frameExtra).expandedTo(window->minimumSizeHint()));
    const QRect frame = window->frameGeometry();
    const int x =
        std::clamp(frame.x(), available.left(), std::max(available.left(), available.right() + 1 - frame.width()));
    const int y =
        std::clamp(frame.y(), available.top(), std::max(available.top(), available.bottom() + 1 - frame.height()));
    window->move(x, y);
}

void keepOnScreen(QWidget* window) {
    fitIntoAvailableScreen(window);
    QTimer::singleShot(0, window, [guarded = QPointer<QWidget>(window)] {
        if (guarded) fitIntoAvailableScreen(guarded);
    });
}

}  // namespace refpose
