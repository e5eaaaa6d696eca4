#pragma once
// The validation report shown before export: every finding of refpose::checkDataset, errors
// first, with the choice to export anyway or go back and fix.

#include "dataset/AnnotationChecks.h"

#include <QDialog>

class QTreeWidget;

namespace refpose::annotator {

class ValidationReportDialog : public QDialog {
    Q_OBJECT
public:
    ValidationReportDialog(const CocoDataset& dataset, QWidget* parent = nullptr);
    const std::vector<AnnotationIssue>& issues() const { return issues_; }
    int errorCount() const;
    QTreeWidget* issueTree() const { return tree_; }

private:
    std::vector<AnnotationIssue> issues_;
    QTreeWidget* tree_;
};

}  // namespace refpose::annotator
