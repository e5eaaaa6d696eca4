#include "AnnotationDocument.h"
#include "AnnotatorTestSupport.h"
#include "TestPaths.h"

#include <QFile>
#include <QSignalSpy>

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace refpose::annotator {
namespace {

std::string bytesOf(const std::filesystem::path& f) {
    std::ifstream in(f, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

QString q(const std::filesystem::path& p) { return QString::fromStdString(p.string()); }

class AnnotationDocumentTest : public ::testing::Test {
protected:
    void SetUp() override {
        test::ensureApp();
        dir = test::freshTempDir();
        test::writeFigureImages(dir, 3);
    }
    std::filesystem::path dir;
};

TEST_F(AnnotationDocumentTest, OpeningAFolderWithoutAFileCreatesOneListingItsImages) {
    AnnotationDocument doc;
    QString error;
    ASSERT_TRUE(doc.open(q(dir), QStringLiteral("annotations.json"), &error)) << error.toStdString();
    ASSERT_TRUE(std::filesystem::exists(dir / "annotations.json"));
    const CocoDataset d = readCoco(dir / "annotations.json");
    ASSERT_EQ(d.images.size(), 3u);
    EXPECT_EQ(d.images[0].fileName, "img0.png");
    EXPECT_EQ(d.images[0].width, 320);
    EXPECT_EQ(d.images[0].height, 400);
    EXPECT_TRUE(d.annotations.empty());
    ASSERT_EQ(d.categories.size(), 1u);
    EXPECT_EQ(d.categories[0], defaultPersonCategory());
    EXPECT_EQ(doc.edit(0).state, ImageState::NotStarted);
}

TEST_F(AnnotationDocumentTest, MalformedJsonIsRefusedWithTheFileNamedAndLeftByteIdentical) {
    const auto file = dir / "annotations.json";
    const std::string broken = "{\"images\": [ {\"id\": 1, \"file_name\": \"img0.png\", ";
    std::ofstream(file, std::ios::binary) << broken;
    AnnotationDocument doc;
    QString error;
    EXPECT_FALSE(doc.open(q(dir), QStringLiteral("annotations.json"), &error));
    EXPECT_FALSE(doc.isOpen());
    EXPECT_NE(error.indexOf(q(file)), -1) << error.toStdString();
    EXPECT_NE(error.indexOf(QStringLiteral("not valid JSON")), -1) << error.toStdString();
    EXPECT_EQ(bytesOf(file), broken);
    EXPECT_FALSE(std::filesystem::exists(dir / "annotations.json.journal"));
}

TEST_F(AnnotationDocumentTest, WrongShapedCocoIsRefusedAndLeftByteIdentical) {
    const auto file = dir / "annotations.json";
    const std::string wrong = R"({"images": [], "annotations": [{"id": 1, "image_id": 1, "keypoints": [1, 2]}]})";
    std::ofstream(file, std::ios::binary) << wrong;
    AnnotationDocument doc;
    QString error;
    EXPECT_FALSE(doc.open(q(dir), QStringLiteral("annotations.json"), &error));
    EXPECT_NE(error.indexOf(QStringLiteral("expected 51")), -1) << error.toStdString();
    EXPECT_EQ(bytesOf(file), wrong);
}

TEST_F(AnnotationDocumentTest, MissingFolderGivesAClearError) {
    AnnotationDocument doc;
    QString error;
    EXPECT_FALSE(doc.open(q(dir / "nope"), QStringLiteral("annotations.json"), &error));
    EXPECT_NE(error.indexOf(QStringLiteral("no such folder")), -1);
}

TEST_F(AnnotationDocumentTest, EveryEditIsSavedAndReadsBackAfterReopening) {
    ImageEdit e;
    e.pose = test::figurePose(320, 400);
    e.pose[Kp::LeftEar] = Keypoint{};  // one point left out
    e.pose[Kp::RightKnee].v = Visibility::Occluded;
    e.state = ImageState::Done;
    {
        AnnotationDocument doc;
        ASSERT_TRUE(doc.open(q(dir)));
        doc.pushEdit(1, e, QStringLiteral("label"));
        EXPECT_FALSE(doc.hasUnsavedEdits());
    }
    const CocoDataset d = readCoco(dir / "annotations.json");
    ASSERT_EQ(d.annotations.size(), 1u);
    EXPECT_EQ(d.annotations[0].imageId, d.images[1].id);
    EXPECT_EQ(d.annotations[0].pose.box, e.pose.box);
    for (std::size_t i = 0; i < kNumCocoKeypoints; ++i) {
        EXPECT_EQ(d.annotations[0].pose.kp[i].x, e.pose.kp[i].x) << kKeypointNames[i];
        EXPECT_EQ(d.annotations[0].pose.kp[i].v, e.pose.kp[i].v) << kKeypointNames[i];
    }
    AnnotationDocument reopened;
    ASSERT_TRUE(reopened.open(q(dir)));
    EXPECT_EQ(reopened.edit(1).state, ImageState::Done);
    EXPECT_EQ(reopened.edit(1).pose.kp, d.annotations[0].pose.kp);
    EXPECT_EQ(reopened.edit(0).state, ImageState::NotStarted);
}

TEST_F(AnnotationDocumentTest, UndoAndRedoRewriteTheFile) {
    AnnotationDocument doc;
    ASSERT_TRUE(doc.open(q(dir)));
    ImageEdit e = doc.edit(0);
    e.pose[Kp::Nose] = {10, 20, 1, Visibility::Visible};
    e.state = ImageState::InProgress;
    doc.pushEdit(0, e, QStringLiteral("nose"));
    ASSERT_EQ(readCoco(dir / "annotations.json").annotations.size(), 1u);
    doc.undoStack()->undo();
    EXPECT_TRUE(readCoco(dir / "annotations.json").annotations.empty());
    EXPECT_EQ(doc.edit(0).state, ImageState::NotStarted);
    doc.undoStack()->redo();
    const CocoDataset d = readCoco(dir / "annotations.json");
    ASSERT_EQ(d.annotations.size(), 1u);
    EXPECT_EQ(d.annotations[0].pose[Kp::Nose].x, 10.f);
}

TEST_F(AnnotationDocumentTest, EditsWithOneMergeIdCoalesceIntoOneUndoStep) {
    AnnotationDocument doc;
    ASSERT_TRUE(doc.open(q(dir)));
    for (int step = 0; step < 5; ++step) {
        ImageEdit e = doc.edit(0);
        e.pose[Kp::Nose] = {float(step), 0, 1, Visibility::Visible};
        doc.pushEdit(0, e, QStringLiteral("drag"), 77);
    }
    EXPECT_EQ(doc.undoStack()->count(), 1);
    doc.undoStack()->undo();
    EXPECT_FALSE(doc.edit(0).pose[Kp::Nose].labelled());
}

TEST_F(AnnotationDocumentTest, EditsOfAFailedSaveAreRecoveredFromTheJournalAtTheNextStart) {
    const auto file = dir / "annotations.json";
    AnnotationDocument doc;
    ASSERT_TRUE(doc.open(q(dir)));
    const std::string before = bytesOf(file);
    // The main file's place is taken by a folder: its save fails after the journal is written.
    std::filesystem::rename(file, dir / "saved.json");
    std::filesystem::create_directory(file);
    QSignalSpy failed(&doc, &AnnotationDocument::saveFailed);
    ImageEdit e = doc.edit(2);
    e.pose = test::figurePose(320, 400);
    e.state = ImageState::Done;
    doc.pushEdit(2, e, QStringLiteral("label"));
    EXPECT_EQ(failed.count(), 1);
    EXPECT_TRUE(doc.hasUnsavedEdits());
    ASSERT_TRUE(std::filesystem::exists(dir / "annotations.json.journal"));
    // The process ends here; the folder is put back as it was on disk.
    std::filesystem::remove(file);
    std::filesystem::rename(dir / "saved.json", file);
    ASSERT_EQ(bytesOf(file), before);

    AnnotationDocument next;
    ASSERT_TRUE(next.open(q(dir)));
    EXPECT_EQ(next.recoveredFiles(), QStringList{QStringLiteral("img2.png")});
    EXPECT_EQ(next.edit(2).state, ImageState::Done);
    EXPECT_EQ(next.edit(2).pose.kp[idx(Kp::LeftWrist)].x, e.pose[Kp::LeftWrist].x);
    EXPECT_FALSE(std::filesystem::exists(dir / "annotations.json.journal"));
    const CocoDataset d = readCoco(file);
    ASSERT_EQ(d.annotations.size(), 1u);
    EXPECT_EQ(d.annotations[0].imageId, d.images[2].id);
}

TEST_F(AnnotationDocumentTest, ImagesAddedToTheFolderLaterJoinTheList) {
    {
        AnnotationDocument doc;
        ASSERT_TRUE(doc.open(q(dir)));
    }
    const std::string saved = bytesOf(dir / "annotations.json");
    std::filesystem::create_directories(dir / "more");
    test::writeFigureImages(dir / "more", 1);
    std::filesystem::rename(dir / "more" / "img0.png", dir / "late.png");
    AnnotationDocument doc;
    ASSERT_TRUE(doc.open(q(dir)));
    EXPECT_EQ(doc.imageCount(), 4);
    EXPECT_GE(doc.rowOfFile(QStringLiteral("late.png")), 0);
    EXPECT_EQ(bytesOf(dir / "annotations.json"), saved);  // opening alone writes nothing
}

}  // namespace
}  // namespace refpose::annotator
