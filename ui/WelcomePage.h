#pragma once
// The first-run screen: the two ways to search, and an offer to add a folder.

#include <QWidget>

namespace refpose::ui {

class WelcomePage : public QWidget {
    Q_OBJECT
public:
    explicit WelcomePage(QWidget* parent = nullptr);

Q_SIGNALS:
    void addFolderRequested();
    void openImageRequested();
    void skeletonRequested();
    void dismissed();
};

}  // namespace refpose::ui
