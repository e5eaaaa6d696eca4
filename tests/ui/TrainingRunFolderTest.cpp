// What Cancel may delete in a run folder (ui/TrainingRunFolder.h), on real files, no trainer.
#include "TrainingRunFolder.h"

#include "TestPaths.h"

#include <gtest/gtest.h>

#include <QString>

#include <filesystem>
#include <fstream>
#include <string>

using namespace refpose;
using namespace refpose::ui;

namespace {

void write(const std::filesystem::path& file, const std::string& text) {
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
}

std::string read(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

QString q(const std::filesystem::path& p) { return QString::fromStdString(p.string()); }

}  // namespace

TEST(TrainingRunFolderTest, KnowsTheRunsFileNamesAndTheirTemporaries) {
    for (const char* name : {"run.json", "checkpoint.pt", "best.pt", "model.refpose", "summary.json", "STOP",
                             "events.jsonl", ".checkpoint.pt.a1B2c3", ".model.refpose.XyZ789"})
        EXPECT_TRUE(TrainingRunFolder::isRunOutputName(QString::fromLatin1(name))) << name;
    for (const char* name : {"annotations.json", "notes.txt", "checkpoint.pt.bak", ".annotations.json.a1B2c3",
                             ".checkpoint.pt.toolong7", "img001.png"})
        EXPECT_FALSE(TrainingRunFolder::isRunOutputName(QString::fromLatin1(name))) << name;
}

// The reported data loss: the dataset folder chosen as run folder, then Cancel.
TEST(TrainingRunFolderTest, RemovesOnlyTheRunsNewFilesFromAnExistingFolder) {
    const auto dir = test::freshTempDir() / "dataset";
    write(dir / "annotations.json", "{\"images\": []}");
    write(dir / "notes.txt", "my notes");
    write(dir / "images" / "a.png", "png bytes");
    const auto before = TrainingRunFolder::take(q(dir));
    EXPECT_FALSE(before.createdByThisRun());
    write(dir / "run.json", "{}");
    write(dir / "checkpoint.pt", "weights");
    write(dir / ".best.pt.Ab12Cd", "half-written");
    EXPECT_EQ(before.newOutputs().size(), 3);

    EXPECT_TRUE(before.discardNewOutputs().isEmpty());
    EXPECT_EQ(read(dir / "annotations.json"), "{\"images\": []}");
    EXPECT_EQ(read(dir / "notes.txt"), "my notes");
    EXPECT_EQ(read(dir / "images" / "a.png"), "png bytes");
    EXPECT_FALSE(std::filesystem::exists(dir / "run.json"));
    EXPECT_FALSE(std::filesystem::exists(dir / "checkpoint.pt"));
    EXPECT_FALSE(std::filesystem::exists(dir / ".best.pt.Ab12Cd"));
}

// A resumed run: what the earlier session wrote is not this Start's to delete.
TEST(TrainingRunFolderTest, KeepsFilesThatExistedBeforeStart) {
    const auto dir = test::freshTempDir() / "run";
    for (const char* name : {"run.json", "checkpoint.pt", "best.pt", "model.refpose", "summary.json"})
        write(dir / name, name);
    const auto before = TrainingRunFolder::take(q(dir));
    write(dir / "checkpoint.pt", "newer weights");  // the resumed session overwrites it
    write(dir / "STOP", "");
    ASSERT_EQ(before.newOutputs(), QStringList{QStringLiteral("STOP")});
    EXPECT_TRUE(before.discardNewOutputs().isEmpty());
    for (const char* name : {"run.json", "checkpoint.pt", "best.pt", "model.refpose", "summary.json"})
        EXPECT_TRUE(std::filesystem::exists(dir / name)) << name;
    EXPECT_FALSE(std::filesystem::exists(dir / "STOP"));
}

TEST(TrainingRunFolderTest, RemovesAFolderItCreatedOnlyWhenEmpty) {
    const auto base = test::freshTempDir();
    const auto created = TrainingRunFolder::take(q(base / "new"));
    EXPECT_TRUE(created.createdByThisRun());
    write(base / "new" / "checkpoint.pt", "weights");
    created.discardNewOutputs();
    EXPECT_FALSE(std::filesystem::exists(base / "new"));

    const auto shared = TrainingRunFolder::take(q(base / "shared"));
    write(base / "shared" / "checkpoint.pt", "weights");
    write(base / "shared" / "notes.txt", "written while the run ran");
    shared.discardNewOutputs();
    EXPECT_FALSE(std::filesystem::exists(base / "shared" / "checkpoint.pt"));
    EXPECT_EQ(read(base / "shared" / "notes.txt"), "written while the run ran");
}

TEST(TrainingRunFolderTest, ADefaultValueRemovesNothing) {
    const TrainingRunFolder none;
    EXPECT_TRUE(none.newOutputs().isEmpty());
    EXPECT_TRUE(none.discardNewOutputs().isEmpty());
}
