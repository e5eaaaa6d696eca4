#pragma once
// What the window asks the library and what comes back, as passed between threads.

#include "SkeletonState.h"
#include "library/PoseLibrary.h"

#include <QImage>
#include <QMetaType>
#include <QString>

#include <vector>

namespace refpose::ui {

struct PoseQuery {
    Pose pose;               // any coordinates; its box sets the scale
    SearchOptions options;   // k, mirror, orientation, partial joints
    JointFlags part = allJoints();  // the joints the query is about (thumbnails crop to them)
};

struct ResultItem {
    SearchHit hit;
    QImage thumbnail;        // null for pose-only entries or a missing thumbnail
};

struct QueryResult {
    PoseQuery query;
    std::vector<ResultItem> items;  // nearest first
    QString error;                  // non-empty when the search failed
    double milliseconds = 0;        // time spent in the worker
};

// The library's joint bit mask of the switched-on joints.
refpose::JointMask toBits(const JointFlags& flags);

}  // namespace refpose::ui

Q_DECLARE_METATYPE(refpose::ui::QueryResult)
