#pragma once
// "1 image", "2 images": a count with its noun in the right number. English only, like the
// rest of the UI (Qt's tr("%n image(s)") pluralises only through a translation file, so
// without one it shows "1 image(s)").

#include <QString>

namespace refpose::ui {

inline QString countOf(qint64 n, const QString& singular, const QString& plural) {
    return QString::number(n) + QLatin1Char(' ') + (n == 1 ? singular : plural);
}

}  // namespace refpose::ui
