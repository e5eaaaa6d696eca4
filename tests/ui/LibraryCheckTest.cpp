// File > Check library… on a library with a page of random bytes: the window reports it cannot
// open it, the check says it is damaged, Rebuild replaces it (the damaged file kept beside it)
// and the window opens the rebuilt library; a second check finds it sound.
#include "DamagedLibrary.h"
#include "MainWindow.h"
#include "TestPaths.h"
#include "UiTestSupport.h"

#include "library/LibraryRepair.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QTest>
#include <QTimer>

#include <gtest/gtest.h>

using namespace refpose;
using namespace refpose::ui;

namespace {

constexpr int kEntries = 600;  // enough pages that the middle one holds pose rows

// Answers every message box as a user would: "Rebuild" where offered, else OK or the default.
class MessageBoxAnswerer {
public:
    MessageBoxAnswerer() {
        timer_.setInterval(50);
        QObject::connect(&timer_, &QTimer::timeout, [this] { answer(); });
        timer_.start();
    }
    const QStringList& texts() const { return texts_; }

private:
    void answer() {
        auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
        if (!box || !box->isVisible()) return;
        texts_ << box->text();
        QAbstractButton* choice = box->button(QMessageBox::Ok);
        for (QAbstractButton* b : box->buttons())
            if (b->text() == QStringLiteral("Rebuild")) choice = b;
        if (!choice) choice = box->defaultButton();
        ASSERT_NE(choice, nullptr) << box->text().toStdString();
        choice->click();
    }
    QTimer timer_;
    QStringList texts_;
};

QAction* actionNamed(const QWidget& window, const QString& text) {
    for (QAction* a : window.findChildren<QAction*>())
        if (a->text() == text) return a;
    return nullptr;
}

TEST(LibraryCheck, ADamagedLibraryIsReportedRebuiltAndReopened) {
    test::ensureApplication();
    const auto dir = test::freshTempDir();
    const auto file = test::makePoseOnlyLibrary(dir, kEntries);
    test::corruptMiddlePage(file, 7);

    MainWindowOptions options;
    options.libraryFile = QString::fromStdString(file.string());
    options.restoreSettings = false;
    MainWindow window(options);
    window.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
    auto* status = window.findChild<QLabel*>(QStringLiteral("libraryStatus"));
    ASSERT_NE(status, nullptr);
    ASSERT_TRUE(test::waitUntil([&] { return !window.isBusy(); }));
    EXPECT_EQ(status->text(), QStringLiteral("Library: not open"));

    QAction* check = actionNamed(window, QStringLiteral("C&heck library…"));
    ASSERT_NE(check, nullptr);
    MessageBoxAnswerer answerer;
    check->trigger();
    ASSERT_TRUE(test::waitUntil([&] {
        return answerer.texts().size() == 2 && status->text().contains(QStringLiteral("poses"));
    })) << answerer.texts().join(QStringLiteral(" | ")).toStdString()
        << " / " << status->text().toStdString();
    EXPECT_TRUE(answerer.texts()[0].contains(QStringLiteral("is damaged"))) << answerer.texts()[0].toStdString();
    EXPECT_TRUE(answerer.texts()[1].contains(QStringLiteral("was rebuilt"))) << answerer.texts()[1].toStdString();
    EXPECT_TRUE(std::filesystem::exists(file.string() + ".damaged"));
    EXPECT_TRUE(checkLibrary(file).ok());

    check->trigger();
    ASSERT_TRUE(test::waitUntil([&] { return answerer.texts().size() == 3; }));
    EXPECT_TRUE(answerer.texts()[2].contains(QStringLiteral("is sound"))) << answerer.texts()[2].toStdString();
}

}  // namespace
