#pragma once
// What the window asks the library and what comes back, as passed between threads.

#include "JobOutcome.h"
#include "SkeletonState.h"
#include "library/PoseLibrary.h"

#include <QImage>
#include <QMetaType>
#include <QString>

#include <string>
#include <vector>

namespace refpose::ui {

struct PoseQuery {
    Pose pose;                      // any coordinates; its box sets the scale
    SearchOptions options;          // k, mirror, orientation, partial joints
    JointFlags part = allJoints();  // the joints the query is about (thumbnails crop to them)
    std::string sourceImage;        // the file the pose was estimated from: never its own result
};

struct ResultItem {
    SearchHit hit;
    QImage thumbnail;  // null for pose-only entries or a missing thumbnail
};

struct QueryResult {
    PoseQuery query;
    std::vector<ResultItem> items;  // nearest first
    double milliseconds = 0;        // time spent in the worker
};

// A search's results, or why it failed.
using SearchOutcome = JobOutcome<QueryResult>;

// The library's joint bit mask of the switched-on joints.
refpose::JointMask toBits(const JointFlags& flags);

}  // namespace refpose::ui

Q_DECLARE_METATYPE(refpose::ui::QueryResult)
Q_DECLARE_METATYPE(refpose::ui::SearchOutcome)
