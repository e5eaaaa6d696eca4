#include "ImageState.h"

#include <QCoreApplication>

namespace refpose::annotator {

QString stateKey(ImageState state) {
    switch (state) {
        case ImageState::NotStarted:
            return QStringLiteral("not_started");
        case ImageState::InProgress:
            return QStringLiteral("in_progress");
        case ImageState::Done:
            return QStringLiteral("done");
        case ImageState::Skipped:
            return QStringLiteral("skipped");
    }
    return {};
}

std::optional<ImageState> stateFromKey(const QString& key) {
    for (ImageState s : kAllImageStates)
        if (stateKey(s) == key) return s;
    return std::nullopt;
}

QString stateLabel(ImageState state) {
    switch (state) {
        case ImageState::NotStarted:
            return QCoreApplication::translate("ImageState", "not started");
        case ImageState::InProgress:
            return QCoreApplication::translate("ImageState", "in progress");
        case ImageState::Done:
            return QCoreApplication::translate("ImageState", "done");
        case ImageState::Skipped:
            return QCoreApplication::translate("ImageState", "skipped");
    }
    return {};
}

}  // namespace refpose::annotator
