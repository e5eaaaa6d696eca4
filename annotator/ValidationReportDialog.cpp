#include "ValidationReportDialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace refpose::annotator {

ValidationReportDialog::ValidationReportDialog(const CocoDataset& dataset, QWidget* parent)
    : QDialog(parent), issues_(checkDataset(dataset)), tree_(new QTreeWidget(this)) {
    setWindowTitle(tr("Validation report"));
    std::stable_sort(issues_.begin(), issues_.end(),
                     [](const AnnotationIssue& a, const AnnotationIssue& b) { return a.severity < b.severity; });
    tree_->setHeaderLabels({tr("Image"), tr("Severity"), tr("Check"), tr("Finding")});
    tree_->setRootIsDecorated(false);
    for (const AnnotationIssue& i : issues_) {
        const CocoImage* img = dataset.findImage(i.imageId);
        auto* item = new QTreeWidgetItem(tree_);
        item->setText(0, img ? QString::fromStdString(img->fileName) : QString::number(i.imageId));
        item->setText(1, i.severity == IssueSeverity::Error ? tr("error") : tr("warning"));
        item->setText(2, QString::fromUtf8(issueKindName(i.kind).data(), qsizetype(issueKindName(i.kind).size())));
        item->setText(3, QString::fromStdString(i.message));
        item->setData(0, Qt::UserRole, qint64(i.imageId));
        item->setToolTip(0, tr("Double-click or Enter: open this image"));
        if (i.severity == IssueSeverity::Error) item->setForeground(1, QColor(200, 40, 40));
    }
    for (int c = 0; c < 3; ++c) tree_->resizeColumnToContents(c);
    connect(tree_, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem* item) {
        const qint64 id = item->data(0, Qt::UserRole).toLongLong();
        reject();  // the image is opened behind a modal dialog otherwise
        Q_EMIT imageChosen(id);
    });
    const int errors = errorCount();
    auto* summary = new QLabel(tr("%1 images, %2 annotations: %3 errors, %4 warnings.")
                                   .arg(dataset.images.size())
                                   .arg(dataset.annotations.size())
                                   .arg(errors)
                                   .arg(issues_.size() - std::size_t(errors)),
                               this);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    buttons->addButton(tr("Export"), QDialogButtonBox::AcceptRole)->setObjectName(QStringLiteral("exportButton"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(summary);
    layout->addWidget(tree_);
    layout->addWidget(buttons);
    resize(820, 420);
}

int ValidationReportDialog::errorCount() const {
    return int(std::count_if(issues_.begin(), issues_.end(),
                             [](const AnnotationIssue& i) { return i.severity == IssueSeverity::Error; }));
}

}  // namespace refpose::annotator
