#include "HelpOverlay.h"

#include <QAction>
#include <QEvent>
#include <QPainter>

namespace refpose::annotator {
namespace {
constexpr int kMarginPx = 40;     // space between the panel and the annotator's edges
constexpr int kColumnGapPx = 30;  // between the two columns of entries
}  // namespace

HelpOverlay::HelpOverlay(const QList<QAction*>& actions, QWidget* parent) : QWidget(parent) {
    for (QAction* a : actions) {
        QStringList keys;
        for (const QKeySequence& k : a->shortcuts()) keys << k.toString(QKeySequence::NativeText);
        if (!keys.isEmpty())
            lines_ << keys.join(QStringLiteral(" / ")) + QStringLiteral(": ") + a->text().remove(QLatin1Char('&'));
    }
    lines_ << tr("Click: place the named point (Shift+click: occluded)") << tr("Drag a point or a box corner: move it")
           << tr("Ctrl+drag: draw the box") << tr("Right click a point: visible / occluded")
           << tr("Wheel: zoom around the cursor") << tr("Middle drag or Space+drag: pan");
    parent->installEventFilter(this);
    setGeometry(parent->rect());
    hide();
}

bool HelpOverlay::eventFilter(QObject* watched, QEvent* event) {
    if (watched == parentWidget() && event->type() == QEvent::Resize) setGeometry(parentWidget()->rect());
    return false;
}

void HelpOverlay::mousePressEvent(QMouseEvent*) { hide(); }

void HelpOverlay::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), QColor(20, 20, 20, 228));
    p.setPen(Qt::white);
    QFont f = font();
    f.setBold(true);
    f.setPointSizeF(f.pointSizeF() * 1.4);
    p.setFont(f);
    p.drawText(QRect(kMarginPx, kMarginPx / 2, width(), kMarginPx), tr("Annotator shortcuts (F1 or ? to close)"));
    p.setFont(font());
    const int lineH = fontMetrics().height() + 4;
    const int perColumn = (int(lines_.size()) + 1) / 2;
    const int colW = (width() - 2 * kMarginPx - kColumnGapPx) / 2;
    for (int i = 0; i < lines_.size(); ++i) {
        const int col = i / perColumn, rowInCol = i % perColumn;
        p.drawText(QRect(kMarginPx + col * (colW + kColumnGapPx), kMarginPx + 20 + rowInCol * lineH, colW, lineH),
                   Qt::AlignLeft | Qt::AlignVCenter, lines_[i]);
    }
}

}  // namespace refpose::annotator
