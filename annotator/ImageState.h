#pragma once
// Where the artist is with one image; stored in the COCO file as the image's "refpose_state".

#include <QString>

#include <array>
#include <optional>

namespace refpose::annotator {

enum class ImageState { NotStarted, InProgress, Done, Skipped };

inline constexpr std::array<ImageState, 4> kAllImageStates = {ImageState::NotStarted, ImageState::InProgress,
                                                              ImageState::Done, ImageState::Skipped};

// The value written in the file ("not_started", "in_progress", "done", "skipped").
QString stateKey(ImageState state);
std::optional<ImageState> stateFromKey(const QString& key);
// What the image list shows.
QString stateLabel(ImageState state);

}  // namespace refpose::annotator
