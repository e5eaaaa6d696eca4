#pragma once
// A message strip at the top of the window: errors stay until closed, information fades.

#include <QFrame>

class QLabel;
class QTimer;

namespace refpose::ui {

class MessageBar : public QFrame {
    Q_OBJECT
public:
    explicit MessageBar(QWidget* parent = nullptr);
    void showError(const QString& text);
    void showInfo(const QString& text);
    // Hides an information message that no longer holds; errors stay until dismissed.
    void clearInfo();
    QString text() const;

private:
    void showMessage(const QString& text, bool error);
    QLabel* label_;
    bool showingError_ = false;
    QTimer* fade_;
};

}  // namespace refpose::ui
