#include "ResultsView.h"

#include "HoverPreview.h"
#include "ResultViewer.h"
#include "Plural.h"
#include "ResultDelegate.h"
#include "ResultsModel.h"

#include <QCoreApplication>
#include <QDesktopServices>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QLabel>
#include <QListView>
#include <QMenu>
#include <QSpinBox>
#include <QUrl>
#include <QVBoxLayout>

namespace refpose::ui {

namespace {
constexpr int kMinK = 1;
constexpr int kMaxK = 200;  // a grid beyond this is no longer browsable
constexpr int kDefaultK = 24;
// Why a search returns fewer than k poses (core/retrieval): the library holds fewer, or the
// others share less than kMinSharedPairFraction of the query's joint pairs (a part query, a
// query or library poses with joints missing) and are not compared at all.
QString shortfallReason(std::size_t found, qint64 libraryPoses) {
    if (libraryPoses == 0) return QCoreApplication::translate("ResultsView", "the library is empty");
    if (libraryPoses >= 0 && qint64(found) >= libraryPoses)
        return QCoreApplication::translate("ResultsView", "the library holds only %1")
            .arg(countOf(libraryPoses, QCoreApplication::translate("ResultsView", "pose"),
                         QCoreApplication::translate("ResultsView", "poses")));
    return QCoreApplication::translate("ResultsView", "the other library poses share under half of the query's joints");
}
}  // namespace

QString resultSummary(const QueryResult& result, qint64 libraryPoses) {
    const std::size_t n = result.items.size();
    const std::size_t asked = result.query.options.k;
    const QString ms =
        QCoreApplication::translate("ResultsView", "%1 ms").arg(QString::number(result.milliseconds, 'f', 1));
    if (n == 0)
        return QCoreApplication::translate("ResultsView", "No matching pose: %1").arg(shortfallReason(n, libraryPoses));
    const QString nearest = countOf(qint64(n), QCoreApplication::translate("ResultsView", "nearest pose"),
                                    QCoreApplication::translate("ResultsView", "nearest poses"));
    if (n >= asked) return QCoreApplication::translate("ResultsView", "%1, %2").arg(nearest, ms);
    return QCoreApplication::translate("ResultsView", "%1 of %2 asked: %3; %4")
        .arg(nearest)
        .arg(asked)
        .arg(shortfallReason(n, libraryPoses), ms);
}

ResultsView::ResultsView(QWidget* parent) : QWidget(parent) {
    summary_ = new QLabel(tr("No search yet"), this);
    kBox_ = new QSpinBox(this);
    kBox_->setRange(kMinK, kMaxK);
    kBox_->setValue(kDefaultK);
    kBox_->setPrefix(tr("Show "));
    kBox_->setSuffix(tr(" results"));
    kBox_->setToolTip(tr("How many nearest poses to show"));
    connect(kBox_, &QSpinBox::valueChanged, this, &ResultsView::kChanged);

    model_ = new ResultsModel(this);
    delegate_ = new ResultDelegate(this);
    list_ = new QListView(this);
    list_->setViewMode(QListView::IconMode);
    list_->setResizeMode(QListView::Adjust);
    list_->setMovement(QListView::Static);
    list_->setUniformItemSizes(true);
    list_->setSelectionMode(QAbstractItemView::SingleSelection);
    list_->setSpacing(4);
    list_->setMouseTracking(true);
    list_->setModel(model_);
    list_->setItemDelegate(delegate_);
    list_->setContextMenuPolicy(Qt::CustomContextMenu);
    list_->viewport()->installEventFilter(this);
    list_->installEventFilter(this);  // Space: the large view of the current result
    connect(list_, &QListView::doubleClicked, this, [this](const QModelIndex& i) { openRow(i.row()); });
    connect(list_, &QListView::activated, this, [this](const QModelIndex& i) { openRow(i.row()); });
    connect(list_, &QListView::customContextMenuRequested, this, &ResultsView::contextMenu);
    preview_ = new HoverPreview(this);

    auto* top = new QHBoxLayout;
    top->addWidget(summary_, 1);
    top->addWidget(kBox_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(list_, 1);
}

QString ResultsView::summaryText() const { return summary_->text(); }

int ResultsView::k() const { return kBox_->value(); }
void ResultsView::setK(int k) { kBox_->setValue(k); }

void ResultsView::showResult(const QueryResult& result) {
    preview_->hidePreview();
    summary_->setText(resultSummary(result, libraryPoses_));
    model_->setResults(result.items, result.query.part);
}

void ResultsView::showBrowse(const QueryResult& browsed, qint64 total) {
    preview_->hidePreview();
    summary_->setText(tr("Browsing the library: the first %1 of %2 poses, in the order they were indexed. Any "
                         "change to the query searches again.")
                          .arg(browsed.items.size())
                          .arg(total));
    model_->setResults(browsed.items, allJoints());
}

void ResultsView::showWaiting(const QString& why) {
    preview_->hidePreview();
    summary_->setText(why);
    model_->setResults({}, allJoints());
}

void ResultsView::showFailure() {
    preview_->hidePreview();
    summary_->setText(tr("Search failed"));
}

void ResultsView::viewRow(int row) {
    if (row < 0 || row >= model_->rowCount()) return;
    preview_->hidePreview();
    if (!viewer_) viewer_ = new ResultViewer(this);
    viewer_->showResult(model_->item(row), model_->part());
}

void ResultsView::openRow(int row) {
    if (row < 0 || row >= model_->rowCount()) return;
    const auto& e = model_->item(row).hit.entry;
    if (e.imagePath.empty()) {
        Q_EMIT message(tr("%1 is a pose without an image.").arg(QString::fromStdString(e.sourceId)));
        return;
    }
    if (!QDesktopServices::openUrl(QUrl::fromLocalFile(QString::fromStdString(e.imagePath))))
        Q_EMIT message(tr("No application could open %1.").arg(QString::fromStdString(e.imagePath)));
}

void ResultsView::showRowInFolder(int row) {
    if (row < 0 || row >= model_->rowCount()) return;
    const auto& e = model_->item(row).hit.entry;
    if (e.imagePath.empty()) return;
    const QString dir = QFileInfo(QString::fromStdString(e.imagePath)).absolutePath();
    if (!QDesktopServices::openUrl(QUrl::fromLocalFile(dir)))
        Q_EMIT message(tr("Could not open the folder %1.").arg(dir));
}

void ResultsView::contextMenu(const QPoint& pos) {
    const QModelIndex index = list_->indexAt(pos);
    if (!index.isValid()) return;
    const int row = index.row();
    const bool hasImage = !model_->item(row).hit.entry.imagePath.empty();
    QMenu menu(this);
    menu.addAction(tr("View large\tSpace"), this, [this, row] { viewRow(row); });
    menu.addAction(tr("Open in viewer"), this, [this, row] { openRow(row); })->setEnabled(hasImage);
    menu.addAction(tr("Show in folder"), this, [this, row] { showRowInFolder(row); })->setEnabled(hasImage);
    menu.addAction(tr("More like this"), this, [this, row] { Q_EMIT moreLikeThis(model_->item(row).hit.entry.pose); });
    menu.exec(list_->viewport()->mapToGlobal(pos));
}

bool ResultsView::eventFilter(QObject* watched, QEvent* event) {
    if (watched == list_ && event->type() == QEvent::KeyPress &&
        static_cast<QKeyEvent*>(event)->key() == Qt::Key_Space && list_->currentIndex().isValid()) {
        viewRow(list_->currentIndex().row());
        return true;
    }
    if (watched == list_->viewport()) {
        if (event->type() == QEvent::ToolTip) {
            auto* help = static_cast<QHelpEvent*>(event);
            const QModelIndex index = list_->indexAt(help->pos());
            if (index.isValid())
                preview_->showFor(model_->item(index.row()), model_->part(), help->globalPos());
            else
                preview_->hidePreview();
            return true;
        }
        if (event->type() == QEvent::Leave || event->type() == QEvent::MouseButtonPress) preview_->hidePreview();
    }
    return QWidget::eventFilter(watched, event);
}

}  // namespace refpose::ui
