#include "AnnotationDocument.h"

#include "EditImageCommand.h"

#include <QDir>
#include <QFileInfo>
#include <QImageReader>

#include <algorithm>

namespace refpose::annotator {
namespace {

using nlohmann::json;

// Image extra field holding the ImageState, and annotation extra field holding model scores.
constexpr char kStateField[] = "refpose_state";
constexpr char kScoresField[] = "refpose_scores";
// The person category's id, which the edited annotation belongs to.
constexpr std::int64_t kPersonCategory = 1;
// Image files the folder scan lists.
const QStringList kImagePatterns = {"*.png", "*.jpg", "*.jpeg", "*.webp", "*.bmp", "*.PNG", "*.JPG", "*.JPEG"};

bool isEmpty(const Pose& p) { return countLabelled(p, kNumCocoKeypoints) == 0 && p.box.w <= 0 && p.box.h <= 0; }

// Model confidences survive the file: they are what flags low-confidence points.
void writeScores(CocoAnnotation& a) {
    bool guessed = false;
    json scores = json::array();
    for (std::size_t i = 0; i < kNumCocoKeypoints; ++i) {
        const Keypoint& k = a.pose.kp[i];
        guessed = guessed || (k.labelled() && k.score < 1.f);
        scores.push_back(k.labelled() ? k.score : 0.f);
    }
    if (guessed)
        a.extra[kScoresField] = scores;
    else
        a.extra.erase(kScoresField);
}

void readScores(Pose& pose, const json& extra) {
    if (!extra.contains(kScoresField) || !extra[kScoresField].is_array()) return;
    const json& s = extra[kScoresField];
    for (std::size_t i = 0; i < kNumCocoKeypoints && i < s.size(); ++i)
        if (s[i].is_number() && pose.kp[i].labelled()) pose.kp[i].score = s[i].get<float>();
}

QSize orientedSize(const QString& path) {
    QImageReader reader(path);
    QSize size = reader.size();
    // EXIF rotations by a quarter turn swap the stored width and height.
    if (reader.transformation() & QImageIOHandler::TransformationRotate90) size.transpose();
    return size;
}

}  // namespace

AnnotationDocument::AnnotationDocument(QObject* parent) : QObject(parent) {}

bool AnnotationDocument::open(const QString& folder, const QString& annotationsFile, QString* error) {
    const QDir dir(folder);
    if (!dir.exists()) {
        if (error) *error = tr("%1: no such folder").arg(folder);
        return false;
    }
    AnnotationStore store(QFileInfo(annotationsFile).isAbsolute() ? annotationsFile : dir.filePath(annotationsFile));
    CocoDataset loaded;
    const bool exists = QFileInfo::exists(store.filePath());
    if (exists) {
        try {
            loaded = store.read();
        } catch (const DatasetError& e) {
            if (error) *error = QString::fromStdString(e.what());
            return false;
        }
    }
    for (auto& [row, stack] : undoStacks_) delete stack;  // rows of another folder
    undoStacks_.clear();
    dirty_.clear();
    recovered_.clear();
    folder_ = dir.absolutePath();
    store_ = store;
    dataset_ = std::move(loaded);
    if (dataset_.categories.empty()) dataset_.categories.push_back(defaultPersonCategory());
    if (!exists && !createFromFolder(error)) return false;
    if (exists) addFolderImagesMissingFromFile();
    open_ = true;
    setActiveRow(0);
    replayJournal();
    Q_EMIT documentReset();
    return true;
}

bool AnnotationDocument::createFromFolder(QString* error) {
    addFolderImagesMissingFromFile();
    return store_.write(dataset_, error);
}

void AnnotationDocument::addFolderImagesMissingFromFile() {
    std::set<std::string> known;
    std::int64_t nextId = 1;
    for (const auto& img : dataset_.images) {
        known.insert(img.fileName);
        nextId = std::max(nextId, img.id + 1);
    }
    const QDir dir(folder_);
    for (const QString& name : dir.entryList(kImagePatterns, QDir::Files, QDir::Name)) {
        if (known.count(name.toStdString())) continue;
        const QSize size = orientedSize(dir.filePath(name));
        if (size.isEmpty()) continue;  // not a readable image: nothing to label
        dataset_.images.push_back({nextId++, name.toStdString(), size.width(), size.height(), json::object()});
    }
}

QString AnnotationDocument::imagePath(int row) const {
    return QDir(folder_).filePath(QString::fromStdString(image(row).fileName));
}

int AnnotationDocument::rowOfFile(const QString& fileName) const {
    const QString base = QFileInfo(fileName).fileName();
    int byBase = -1;
    for (int r = 0; r < imageCount(); ++r) {
        const QString name = QString::fromStdString(image(r).fileName);
        if (name == fileName) return r;
        if (byBase < 0 && QFileInfo(name).fileName() == base) byBase = r;
    }
    return byBase;
}

int AnnotationDocument::annotationIndex(int row) const {
    const std::int64_t id = image(row).id;
    for (std::size_t i = 0; i < dataset_.annotations.size(); ++i)
        if (dataset_.annotations[i].imageId == id && dataset_.annotations[i].categoryId == kPersonCategory)
            return int(i);
    return -1;
}

ImageEdit AnnotationDocument::edit(int row) const {
    ImageEdit e;
    const int a = annotationIndex(row);
    if (a >= 0) {
        e.pose = dataset_.annotations[std::size_t(a)].pose;
        readScores(e.pose, dataset_.annotations[std::size_t(a)].extra);
    }
    const json& extra = image(row).extra;
    const auto state = extra.contains(kStateField) && extra[kStateField].is_string()
                           ? stateFromKey(QString::fromStdString(extra[kStateField].get<std::string>()))
                           : std::nullopt;
    // Files from elsewhere carry no state: an annotated image is taken as work in progress.
    e.state = state ? *state : (a >= 0 && !isEmpty(e.pose) ? ImageState::InProgress : ImageState::NotStarted);
    return e;
}

void AnnotationDocument::pushEdit(int row, const ImageEdit& after, const QString& text, int mergeId) {
    const ImageEdit before = edit(row);
    if (before == after) return;
    undoStack(row)->push(new EditImageCommand(this, row, before, after, text, mergeId));
}

QUndoStack* AnnotationDocument::undoStack(int row) {
    QUndoStack*& stack = undoStacks_[row];
    if (!stack) {
        stack = new QUndoStack(this);
        undoGroup_.addStack(stack);
        if (row == activeRow_) undoGroup_.setActiveStack(stack);
    }
    return stack;
}

void AnnotationDocument::setActiveRow(int row) {
    activeRow_ = row;
    undoGroup_.setActiveStack(undoStack(row));
}

void AnnotationDocument::store(int row, const ImageEdit& e) {
    CocoImage& img = dataset_.images.at(std::size_t(row));
    img.extra[kStateField] = stateKey(e.state).toStdString();
    const int a = annotationIndex(row);
    if (isEmpty(e.pose)) {
        if (a >= 0) dataset_.annotations.erase(dataset_.annotations.begin() + a);
        return;
    }
    if (a < 0) {
        CocoAnnotation fresh;
        fresh.imageId = img.id;
        fresh.categoryId = kPersonCategory;
        for (const auto& other : dataset_.annotations) fresh.id = std::max(fresh.id, other.id);
        fresh.id += 1;
        dataset_.annotations.push_back(fresh);
    }
    CocoAnnotation& ann = dataset_.annotations[a >= 0 ? std::size_t(a) : dataset_.annotations.size() - 1];
    ann.pose = e.pose;
    deriveMidpoints(ann.pose);
    ann.area = double(ann.pose.box.w) * ann.pose.box.h;
    writeScores(ann);
}

void AnnotationDocument::applyEdit(int row, const ImageEdit& e) {
    store(row, e);
    dirty_.insert(row);
    Q_EMIT imageChanged(row);
    if (interactions_ > 0) return;
    QString error;
    if (!save(&error)) Q_EMIT saveFailed(error);
}

void AnnotationDocument::endInteraction() {
    if (interactions_ > 0 && --interactions_ > 0) return;
    QString error;
    if (!dirty_.empty() && !save(&error)) Q_EMIT saveFailed(error);
}

json AnnotationDocument::journalEntry(int row) const {
    // The entry reuses the COCO serialisation, so the journal reads back with parseCoco.
    CocoDataset one;
    one.images.push_back(image(row));
    const int a = annotationIndex(row);
    if (a >= 0) one.annotations.push_back(dataset_.annotations[std::size_t(a)]);
    json j = toJson(one);
    return {{"file_name", image(row).fileName}, {"images", j["images"]}, {"annotations", j["annotations"]}};
}

bool AnnotationDocument::save(QString* error) {
    if (!open_) return false;
    if (!dirty_.empty()) {
        json journal = {{"refpose_journal", 1}, {"entries", json::array()}};
        for (int row : dirty_) journal["entries"].push_back(journalEntry(row));
        if (!store_.writeJournal(journal, error)) return false;
    }
    if (!store_.write(dataset_, error)) return false;
    store_.removeJournal();
    dirty_.clear();
    return true;
}

void AnnotationDocument::replayJournal() {
    std::optional<json> journal;
    try {
        journal = store_.readJournal();
    } catch (const DatasetError& e) {
        // A torn journal cannot happen (atomic writes); a foreign one is kept for the artist.
        Q_EMIT saveFailed(QString::fromStdString(e.what()));
        return;
    }
    if (!journal || !journal->contains("entries") || !(*journal)["entries"].is_array()) return;
    for (const json& entry : (*journal)["entries"]) {
        try {
            const CocoDataset one = parseCoco(entry, store_.journalPath().toStdString());
            if (one.images.empty()) continue;
            const int row = rowOfFile(QString::fromStdString(one.images[0].fileName));
            if (row < 0) continue;
            dataset_.images[std::size_t(row)].extra = one.images[0].extra;
            ImageEdit e = edit(row);
            e.pose = one.annotations.empty() ? Pose{} : one.annotations[0].pose;
            if (!one.annotations.empty()) readScores(e.pose, one.annotations[0].extra);
            store(row, e);
            dirty_.insert(row);
            recovered_ << QString::fromStdString(one.images[0].fileName);
        } catch (const std::exception& e) {
            Q_EMIT saveFailed(QString::fromStdString(e.what()));
        }
    }
    QString error;
    if (!recovered_.isEmpty() && !save(&error)) Q_EMIT saveFailed(error);
}

}  // namespace refpose::annotator
