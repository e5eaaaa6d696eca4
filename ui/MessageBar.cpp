#include "MessageBar.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QStyle>
#include <QTimer>
#include <QToolButton>

#include <algorithm>

namespace refpose::ui {

namespace {
constexpr int kInfoMilliseconds = 8000;  // information disappears after this long
constexpr int kMaxWidth = 640;           // a long message wraps rather than covering the window
constexpr int kMargin = 8;               // from the parent's edges
}  // namespace

MessageBar::MessageBar(QWidget* parent) : QFrame(parent) {
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    label_ = new QLabel(this);
    label_->setWordWrap(true);
    label_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* close = new QToolButton(this);
    close->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    close->setAutoRaise(true);
    close->setToolTip(tr("Dismiss"));
    connect(close, &QToolButton::clicked, this, &QWidget::hide);
    fade_ = new QTimer(this);
    fade_->setSingleShot(true);
    connect(fade_, &QTimer::timeout, this, &QWidget::hide);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 4, 4);
    layout->addWidget(label_, 1);
    layout->addWidget(close);
    hide();
    if (parent) parent->installEventFilter(this);
}

bool MessageBar::eventFilter(QObject* watched, QEvent* event) {
    if (watched == parentWidget() && event->type() == QEvent::Resize && isVisible()) place();
    return QFrame::eventFilter(watched, event);
}

void MessageBar::place() {
    const QWidget* p = parentWidget();
    if (!p) return;
    const int width = std::max(0, std::min(kMaxWidth, p->width() - 2 * kMargin));
    const int height = layout()->hasHeightForWidth() ? layout()->totalHeightForWidth(width) : sizeHint().height();
    setGeometry(p->width() - kMargin - width, p->height() - kMargin - height, width, height);
    raise();
}

QString MessageBar::text() const { return isVisible() ? label_->text() : QString(); }

void MessageBar::showError(const QString& text) { showMessage(text, true); }
void MessageBar::showInfo(const QString& text) { showMessage(text, false); }

void MessageBar::clearInfo() {
    if (!showingError_) hide();
}

void MessageBar::showMessage(const QString& text, bool error) {
    showingError_ = error;
    label_->setText(text);
    // Palette roles, not fixed colours: readable in light and dark themes.
    setBackgroundRole(error ? QPalette::ToolTipBase : QPalette::AlternateBase);
    label_->setForegroundRole(error ? QPalette::ToolTipText : QPalette::Text);
    QFont f = label_->font();
    f.setBold(error);
    label_->setFont(f);
    show();
    place();
    if (error)
        fade_->stop();
    else
        fade_->start(kInfoMilliseconds);
}

}  // namespace refpose::ui
