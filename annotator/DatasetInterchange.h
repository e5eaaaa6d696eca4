#pragma once
// Import of existing labels into the open folder, and export of the finished labels as a COCO
// keypoint file the trainer reads directly (readCoco's format: file_name relative to the file,
// the person category of defaultPersonCategory(), no annotator-only fields).

#include "dataset/CocoDataset.h"

#include <QString>

namespace refpose::annotator {

class AnnotationDocument;

struct ImportSummary {
    int applied = 0;    // annotations whose image is in the folder
    int unmatched = 0;  // annotations of images the folder lacks
};

// Applies every annotation of `source` to the image of the same file name (or last path
// component), one undo step in each image's own history; coordinates are rescaled when the
// recorded size differs.
ImportSummary importDataset(AnnotationDocument& doc, const CocoDataset& source, const QString& undoText);

// The labels to export: images marked done (with onlyDone) or every annotated image that is not
// skipped, with file names relative to `exportFile`'s folder.
CocoDataset exportDataset(const AnnotationDocument& doc, const QString& exportFile, bool onlyDone);

// Writes `dataset` to `file` atomically (QSaveFile); false with the reason naming the file.
bool writeExport(const CocoDataset& dataset, const QString& file, QString* error);

}  // namespace refpose::annotator
