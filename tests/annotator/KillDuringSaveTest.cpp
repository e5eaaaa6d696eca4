// A process killed (SIGKILL) at any moment of an autosave leaves a COCO file that readCoco
// accepts, and the annotator reopens the folder (replaying the journal when there is one).
// The child is this test binary itself, running the disabled SaveLoop test below.
#include "AnnotationDocument.h"
#include "AnnotatorTestSupport.h"
#include "TestPaths.h"

#include <QProcess>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <thread>

namespace refpose::annotator {
namespace {

constexpr char kLoopDirVar[] = "REFPOSE_SAVE_LOOP_DIR";
constexpr int kImages = 400;     // enough annotations that one save takes a few milliseconds
constexpr int kKills = 5;        // kills per run (each child start costs ~1 s of library loading)
constexpr int kMaxDelayMs = 80;  // upper bound of the random wait before a kill

QString q(const std::filesystem::path& p) { return QString::fromStdString(p.string()); }

// Writes a COCO file of kImages tiny images, each labelled, so saves have real work to do.
void seedFolder(const std::filesystem::path& dir) {
    CocoDataset d;
    d.categories.push_back(defaultPersonCategory());
    for (int i = 0; i < kImages; ++i) {
        d.images.push_back({i + 1, "img" + std::to_string(i) + ".png", 320, 400, {}});
        CocoAnnotation a;
        a.id = i + 1;
        a.imageId = i + 1;
        a.pose = test::figurePose(320, 400);
        d.annotations.push_back(a);
    }
    writeCoco(d, dir / "annotations.json");
}

// The child: edits random images forever; every edit autosaves. Runs only when asked to.
TEST(KillDuringSave, DISABLED_SaveLoop) {
    const char* dir = std::getenv(kLoopDirVar);
    ASSERT_NE(dir, nullptr) << "run by KillDuringSave.FileAlwaysParses with " << kLoopDirVar << " set";
    test::ensureApp();
    AnnotationDocument doc;
    QString error;
    ASSERT_TRUE(doc.open(QString::fromLocal8Bit(dir), QStringLiteral("annotations.json"), &error))
        << error.toStdString();
    std::mt19937 rng(std::random_device{}());
    std::fputs("ready\n", stdout);
    std::fflush(stdout);
    for (unsigned n = 0;; ++n) {
        const int row = int(rng() % unsigned(doc.imageCount()));
        ImageEdit e = doc.edit(row);
        e.pose[Kp::Nose].x = float(n % 300);
        e.state = n % 2 ? ImageState::Done : ImageState::InProgress;
        doc.pushEdit(row, e, QStringLiteral("edit"));
        std::fputs(doc.hasUnsavedEdits() ? "failed\n" : "saved\n", stdout);
        std::fflush(stdout);
    }
}

TEST(KillDuringSave, FileAlwaysParsesAfterSigkill) {
    test::ensureApp();
    const auto dir = test::freshTempDir();
    seedFolder(dir);
    const auto self = std::filesystem::read_symlink("/proc/self/exe");
    std::mt19937 rng(12345);
    int journalsLeft = 0, changed = 0;
    std::string last = readCoco(dir / "annotations.json").extra.dump();
    for (int k = 0; k < kKills; ++k) {
        QProcess child;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QString::fromLatin1(kLoopDirVar), q(dir));
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        child.setProcessEnvironment(env);
        child.start(q(self), {QStringLiteral("--gtest_also_run_disabled_tests"),
                              QStringLiteral("--gtest_filter=KillDuringSave.DISABLED_SaveLoop")});
        ASSERT_TRUE(child.waitForStarted(10000));
        ASSERT_TRUE(child.waitForReadyRead(20000)) << "the child never became ready";
        // The first child completes one save before its kill, so the test sees saves land.
        while (k == 0 && !child.readAllStandardOutput().contains("saved"))
            ASSERT_TRUE(child.waitForReadyRead(20000)) << "the child never saved";
        std::this_thread::sleep_for(std::chrono::milliseconds(1 + rng() % kMaxDelayMs));
        child.kill();  // SIGKILL
        ASSERT_TRUE(child.waitForFinished(10000));
        ASSERT_EQ(child.exitStatus(), QProcess::CrashExit)
            << "the child stopped by itself: " << child.readAllStandardError().toStdString();

        CocoDataset d;
        ASSERT_NO_THROW(d = readCoco(dir / "annotations.json")) << "after kill " << k;
        EXPECT_EQ(d.images.size(), std::size_t(kImages));
        journalsLeft += std::filesystem::exists(dir / "annotations.json.journal");
        const std::string now = toJson(d).dump();
        changed += now != last;
        last = now;
        // The annotator reopens the folder, replaying any journal, and leaves a valid file.
        AnnotationDocument doc;
        QString error;
        ASSERT_TRUE(doc.open(q(dir), QStringLiteral("annotations.json"), &error)) << error.toStdString();
        EXPECT_FALSE(std::filesystem::exists(dir / "annotations.json.journal"));
        EXPECT_NO_THROW(readCoco(dir / "annotations.json"));
    }
    EXPECT_GT(changed, 0) << "the child never completed a save: the test would prove nothing";
    std::printf("kills: %d, file changed after %d of them, journal left behind by %d\n", kKills, changed, journalsLeft);
}

}  // namespace
}  // namespace refpose::annotator
