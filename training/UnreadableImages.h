#pragma once
// Reports the images a training run leaves out because they cannot be read (a missing file would
// otherwise stop every resume at the same step): one "warning" event per image and session, at
// the first step that leaves it out. Shared by the pose trainer and the tagger.

#include "Trainer.h"

#include <filesystem>
#include <set>
#include <string>

namespace refpose::training {

class UnreadableImages {
public:
    explicit UnreadableImages(const ProgressSink& progress) : progress_(progress) {}

    void report(const std::filesystem::path& image, const std::string& reason, long step) {
        if (!reported_.insert(image.string()).second) return;
        progress_({{"event", "warning"},
                   {"kind", "unreadable_image"},
                   {"step", step},
                   {"image", image.string()},
                   {"message", reason + "; the image is skipped"}});
    }

private:
    const ProgressSink& progress_;
    std::set<std::string> reported_;
};

}  // namespace refpose::training
