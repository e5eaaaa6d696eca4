#pragma once
// A translucent panel over the annotator listing its shortcuts and mouse gestures (F1 or ?).

#include <QWidget>

class QAction;

namespace refpose::annotator {

class HelpOverlay : public QWidget {
    Q_OBJECT
public:
    // Covers `parent` and follows its size; lists the shortcuts of `actions`.
    HelpOverlay(const QList<QAction*>& actions, QWidget* parent);
    // The text shown, one "shortcut: what it does" line per entry.
    QStringList lines() const { return lines_; }

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QStringList lines_;
};

}  // namespace refpose::annotator
