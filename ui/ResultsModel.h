#pragma once
// The current search's results, nearest first, for the thumbnail grid.

#include "SearchTypes.h"

#include <QAbstractListModel>

#include <vector>

namespace refpose::ui {

class ResultsModel : public QAbstractListModel {
    Q_OBJECT
public:
    using QAbstractListModel::QAbstractListModel;

    void setResults(std::vector<ResultItem> items, const JointFlags& part);
    const ResultItem& item(int row) const { return items_.at(std::size_t(row)); }
    const JointFlags& part() const { return part_; }

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;

private:
    std::vector<ResultItem> items_;
    JointFlags part_ = allJoints();
};

// A label for an entry: the image's file name, or a pose-only entry's source id.
QString entryLabel(const SearchHit& hit);

}  // namespace refpose::ui
