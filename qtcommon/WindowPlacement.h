#pragma once
// Keeps a top-level window wholly on its screen. Shared by the annotator's own window and the
// main window: a restored geometry from a larger screen, or
// the default size at a large scale factor, must not leave controls off the edges.

class QWidget;

namespace refpose {

// Shrinks `window` to the screen's available area (no smaller than its minimum size hint) and
// moves it so that its frame lies inside that area. Does nothing to a maximized or full-screen
// window. Call it once after restoring the geometry and again once the window is shown, when
// the window system first reports the frame's size.
void fitIntoAvailableScreen(QWidget* window);

// Calls fitIntoAvailableScreen now and again after the event loop has shown the window.
void keepOnScreen(QWidget* window);

}  // namespace refpose
