#include "WelcomePage.h"

#include <QLabel>
#include <QPushButton>
#include <QHBoxLayout>
#include <QVBoxLayout>

namespace refpose::ui {

WelcomePage::WelcomePage(QWidget* parent) : QWidget(parent) {
    auto* title = new QLabel(tr("<h1>Welcome to RefPose</h1>"), this);
    auto* text =
        new QLabel(tr("<p>RefPose finds the illustrations in your reference folders whose characters stand in "
                      "the pose you need. There are two ways to search:</p>"
                      "<ol><li><b>By image</b>: drop a picture (or open it with Ctrl+O, or paste it with Ctrl+V). "
                      "RefPose estimates its skeleton; drag any joint to correct it.</li>"
                      "<li><b>By skeleton</b>: pose the figure by dragging its joints; the results follow as "
                      "you drag. Search on one body part, mirror, rotate, undo any edit.</li></ol>"
                      "<p>Add a folder of your reference images to index it; an example library built by "
                      "RefPose is there to start with.</p>"),
                   this);
    text->setWordWrap(true);
    text->setTextFormat(Qt::RichText);
    auto* add = new QPushButton(tr("Add a folder of references…"), this);
    auto* open = new QPushButton(tr("Search by image…"), this);
    auto* skeleton = new QPushButton(tr("Search by skeleton"), this);
    auto* skip = new QPushButton(tr("Start"), this);
    add->setDefault(true);
    connect(add, &QPushButton::clicked, this, &WelcomePage::addFolderRequested);
    connect(open, &QPushButton::clicked, this, &WelcomePage::openImageRequested);
    connect(skeleton, &QPushButton::clicked, this, &WelcomePage::skeletonRequested);
    connect(skip, &QPushButton::clicked, this, &WelcomePage::dismissed);

    auto* column = new QVBoxLayout;
    column->addWidget(title);
    column->addWidget(text);
    for (auto* b : {add, open, skeleton, skip}) column->addWidget(b);
    column->addStretch(1);
    auto* outer = new QHBoxLayout(this);
    outer->addStretch(1);
    outer->addLayout(column, 3);
    outer->addStretch(1);
}

}  // namespace refpose::ui
