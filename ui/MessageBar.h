#pragma once
// A message floating over the bottom-right corner of its parent: errors stay until closed,
// information fades. It is not in any layout, so showing it never moves what is under the
// user's pointer (a click meant for a button must not land on space the message pushed in).

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

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void place();
    void showMessage(const QString& text, bool error);
    QLabel* label_;
    bool showingError_ = false;
    QTimer* fade_;
};

}  // namespace refpose::ui
