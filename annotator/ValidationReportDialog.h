#pragma once
// The validation report shown before export: every finding of refpose::checkDataset, errors
// first, with the choice to export anyway or go back and fix; a row opens its image.

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

Q_SIGNALS:
    // A row was double-clicked (or Enter pressed on it): the artist wants to fix that image.
    // The dialog then closes without exporting.
    void imageChosen(qint64 imageId);

private:
    std::vector<AnnotationIssue> issues_;
    QTreeWidget* tree_;
};

}  // namespace refpose::annotator
