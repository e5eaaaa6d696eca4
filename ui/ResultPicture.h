#pragma once
// A result's picture with its matched skeleton drawn over it, at a given size: the hover preview
// and the large viewer draw it the same way.

#include "SearchTypes.h"

#include <QImage>
#include <QSizeF>

namespace refpose::ui {

// `picture` (the entry's image, any resolution; null for a pose without an image, which then
// shows its skeleton alone) scaled to fit `fit` logical pixels, on `background`, with the entry's
// pose drawn over it (the joints outside `part` dimmed). The result has device pixel ratio `dpr`.
QImage composeResultPicture(const QImage& picture, const LibraryEntry& entry, const JointFlags& part, QSizeF fit,
                            qreal dpr, const QColor& background);

}  // namespace refpose::ui
