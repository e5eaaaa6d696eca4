#include "AnnotationStore.h"

#include "util/SafeJson.h"

#include <QFile>
#include <QSaveFile>

namespace refpose::annotator {

bool writeFileAtomically(const QString& path, const QByteArray& bytes, QString* error) {
    QSaveFile out(path);
    auto fail = [&](const QString& why) {
        if (error) *error = QStringLiteral("%1: %2").arg(path, why);
        out.cancelWriting();
        return false;
    };
    if (!out.open(QIODevice::WriteOnly)) return fail(out.errorString());
    if (out.write(bytes) != bytes.size()) return fail(out.errorString());
    if (!out.commit()) return fail(out.errorString());
    return true;
}

AnnotationStore::AnnotationStore(QString annotationsFile) : file_(std::move(annotationsFile)) {}

CocoDataset AnnotationStore::read() const { return readCoco(file_.toStdString()); }

bool AnnotationStore::write(const CocoDataset& dataset, QString* error) const {
    try {
        validateCoco(dataset, file_.toStdString());
    } catch (const DatasetError& e) {
        if (error) *error = QString::fromStdString(e.what());
        return false;
    }
    // dumpJson: bytes that are not UTF-8 must not throw out of a save (see SafeJson.h).
    const std::string text = dumpJson(toJson(dataset), 1) + "\n";
    return writeFileAtomically(file_, QByteArray::fromStdString(text), error);
}

bool AnnotationStore::writeJournal(const nlohmann::json& journal, QString* error) const {
    return writeFileAtomically(journalPath(), QByteArray::fromStdString(dumpJson(journal)), error);
}

std::optional<nlohmann::json> AnnotationStore::readJournal() const {
    QFile in(journalPath());
    if (!in.exists()) return std::nullopt;
    if (!in.open(QIODevice::ReadOnly))
        throw DatasetError(journalPath().toStdString() + ": cannot open the journal (" +
                           in.errorString().toStdString() + ")");
    const QByteArray bytes = in.readAll();
    try {
        return nlohmann::json::parse(bytes.constBegin(), bytes.constEnd());
    } catch (const nlohmann::json::exception& e) {
        throw DatasetError(journalPath().toStdString() + ": not valid JSON (" + e.what() + ")");
    }
}

void AnnotationStore::removeJournal() const { QFile::remove(journalPath()); }

}  // namespace refpose::annotator
