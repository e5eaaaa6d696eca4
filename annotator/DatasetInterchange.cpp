#include "DatasetInterchange.h"

#include "AnnotationDocument.h"
#include "AnnotationStore.h"

#include <QDir>
#include <QFileInfo>

namespace refpose::annotator {
namespace {

// Fields only the annotator uses; the exported file carries none of them.
const char* const kAnnotatorFields[] = {"refpose_state", "refpose_scores"};

void stripAnnotatorFields(nlohmann::json& extra) {
    for (const char* f : kAnnotatorFields) extra.erase(f);
}

Pose rescaled(Pose p, double sx, double sy) {
    for (auto& k : p.kp) {
        if (!k.labelled()) continue;
        k.x = float(k.x * sx);
        k.y = float(k.y * sy);
    }
    p.box = {float(p.box.x * sx), float(p.box.y * sy), float(p.box.w * sx), float(p.box.h * sy)};
    return p;
}

}  // namespace

ImportSummary importDataset(AnnotationDocument& doc, const CocoDataset& source, const QString& undoText) {
    ImportSummary summary;
    for (const CocoAnnotation& a : source.annotations) {
        const CocoImage* img = source.findImage(a.imageId);
        const int row = img ? doc.rowOfFile(QString::fromStdString(img->fileName)) : -1;
        if (row < 0) {
            ++summary.unmatched;
            continue;
        }
        const CocoImage& mine = doc.image(row);
        ImageEdit e = doc.edit(row);
        e.pose = rescaled(a.pose, double(mine.width) / img->width, double(mine.height) / img->height);
        deriveMidpoints(e.pose);
        e.state = ImageState::InProgress;  // imported labels still want the artist's review
        doc.pushEdit(row, e, undoText);    // undone per image, like every edit
        ++summary.applied;
    }
    return summary;
}

CocoDataset exportDataset(const AnnotationDocument& doc, const QString& exportFile, bool onlyDone) {
    const QDir exportDir = QFileInfo(exportFile).absoluteDir();
    CocoDataset out;
    out.categories.push_back(defaultPersonCategory());
    const CocoDataset& all = doc.dataset();
    for (int row = 0; row < doc.imageCount(); ++row) {
        const ImageEdit e = doc.edit(row);
        if (onlyDone ? e.state != ImageState::Done : e.state == ImageState::Skipped) continue;
        CocoImage img = doc.image(row);
        stripAnnotatorFields(img.extra);
        img.fileName = exportDir.relativeFilePath(doc.imagePath(row)).toStdString();
        bool annotated = false;
        for (const CocoAnnotation& a : all.annotations) {
            if (a.imageId != img.id || a.categoryId != out.categories[0].id) continue;
            CocoAnnotation copy = a;
            stripAnnotatorFields(copy.extra);
            for (auto& k : copy.pose.kp) k.score = k.labelled() ? 1.f : 0.f;
            out.annotations.push_back(std::move(copy));
            annotated = true;
        }
        if (annotated || onlyDone) out.images.push_back(std::move(img));
    }
    return out;
}

bool writeExport(const CocoDataset& dataset, const QString& file, QString* error) {
    return AnnotationStore(file).write(dataset, error);
}

}  // namespace refpose::annotator
