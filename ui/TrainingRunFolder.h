#pragma once
// What Cancel may delete in a training run folder. The run folder is any folder the user names,
// possibly one that holds their dataset or an earlier session's checkpoints, so Cancel never
// deletes the folder recursively. The rule:
//   - Before Start touches the folder, take() records whether it existed and which of the run's
//     own file names (runOutputNames(): run.json, checkpoint.pt, best.pt, model.refpose,
//     summary.json, tagger.pt, events.jsonl, STOP, and the ".NAME.XXXXXX" temporaries writeFileAtomically
//     leaves when the trainer is killed mid-write) were already there.
//   - discardNewOutputs() removes only those run files that were absent then: a file this Start
//     did not create is never removed, so a resumed run's earlier checkpoint.pt / best.pt /
//     model.refpose survive Cancel (the resumed session's own progress since then is in them and
//     is kept too). Every other file (images, annotations.json, notes) is never touched.
//   - The folder itself is removed only when this Start created it and it is empty afterwards
//     (only the leaf: parents that mkpath made stay).

#include <QSet>
#include <QString>
#include <QStringList>

namespace refpose::ui {

class TrainingRunFolder {
public:
    TrainingRunFolder() = default;
    // Records the folder's state now; call it before writing anything into the folder.
    static TrainingRunFolder take(const QString& folder);

    // True for the names of files refpose-train and the training panel write in a run folder.
    static bool isRunOutputName(const QString& fileName);

    QString folder() const { return folder_; }
    bool createdByThisRun() const { return !existedBefore_; }
    // The run files present now that were absent when take() ran: what Cancel will remove.
    QStringList newOutputs() const;
    // Removes newOutputs(), then the folder when this run created it and it is empty. Returns
    // the file names it could not remove (empty on success).
    QStringList discardNewOutputs() const;

private:
    QString folder_;
    bool existedBefore_ = true;  // a default-constructed value never removes its folder
    QSet<QString> outputsBefore_;
};

}  // namespace refpose::ui
