#include "MessageBar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QStyle>
#include <QTimer>
#include <QToolButton>

namespace refpose::ui {

namespace {
constexpr int kInfoMilliseconds = 8000;  // information disappears after this long
}

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
    if (error) fade_->stop();
    else fade_->start(kInfoMilliseconds);
}

}  // namespace refpose::ui
