#pragma once
// The annotator's files: the COCO keypoint file and its journal beside it. Every write goes
// through QSaveFile (temporary file, flush, rename), so a process killed at any moment leaves
// the previous file or the new one, never a torn one. See docs/adr/0300-annotator-files.md.

#include "dataset/CocoDataset.h"

#include <QByteArray>
#include <QString>

#include <nlohmann/json.hpp>

#include <optional>

namespace refpose::annotator {

// Replaces `path` with `bytes` atomically; on failure returns false and says why in `error`
// (naming the file), leaving the old file untouched.
bool writeFileAtomically(const QString& path, const QByteArray& bytes, QString* error);

class AnnotationStore {
public:
    explicit AnnotationStore(QString annotationsFile = {});

    QString filePath() const { return file_; }
    // "<file>.journal": the images edited since the last successful save.
    QString journalPath() const { return file_ + QStringLiteral(".journal"); }

    // Parses the COCO file; throws DatasetError naming the file and the reason. Never writes.
    CocoDataset read() const;
    bool write(const CocoDataset& dataset, QString* error) const;

    bool writeJournal(const nlohmann::json& journal, QString* error) const;
    // The journal, or nothing when there is none; throws DatasetError when it is unreadable.
    std::optional<nlohmann::json> readJournal() const;
    void removeJournal() const;

private:
    QString file_;
};

}  // namespace refpose::annotator
