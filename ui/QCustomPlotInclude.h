#pragma once
// qcustomplot.h uses Qt's keyword macros, which the project turns off (QT_NO_KEYWORDS, because
// they clash with LibTorch): map them onto the Q_ forms for this one include. Include QCustomPlot
// through this header only.

#include <QtCore/qobjectdefs.h>
#define signals Q_SIGNALS
#define slots Q_SLOTS
#define emit Q_EMIT
#define foreach Q_FOREACH
#include <qcustomplot.h>
#undef signals
#undef slots
#undef emit
#undef foreach
