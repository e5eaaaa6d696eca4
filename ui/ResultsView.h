#pragma once
// The results grid: thumbnails nearest first, k adjustable, hover to enlarge, double-click to
// open in the system viewer, "show in folder", "more like this".

#include "SearchTypes.h"

#include <QWidget>

class QLabel;
class QListView;
class QSpinBox;

namespace refpose::ui {

class HoverPreview;
class ResultViewer;
class ResultDelegate;
class ResultsModel;

class ResultsView : public QWidget {
    Q_OBJECT
public:
    explicit ResultsView(QWidget* parent = nullptr);

    void showResult(const QueryResult& result);
    // Says the search failed, keeping the last results (the message bar tells why).
    void showFailure();
    // No results and `why` as the summary (a query image without a character).
    void showWaiting(const QString& why);
    // The library's entries without a query (View > Browse library); `total` poses in all.
    void showBrowse(const QueryResult& browsed, qint64 total);
    // The library's pose count, so a short result can say whether the library is that small
    // (negative: unknown; the summary then gives the general reason).
    void setLibraryPoseCount(qint64 poses) { libraryPoses_ = poses; }
    QString summaryText() const;
    int k() const;
    void setK(int k);
    ResultsModel* model() const { return model_; }
    QListView* list() const { return list_; }

    // Actions on a row (also the context menu's). viewRow: the large in-app view (Space).
    void viewRow(int row);
    ResultViewer* viewer() const { return viewer_; }
    void openRow(int row);
    void showRowInFolder(int row);

Q_SIGNALS:
    void kChanged(int k);
    void moreLikeThis(const refpose::Pose& pose);
    void message(const QString& text);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void contextMenu(const QPoint& pos);

    QLabel* summary_;
    qint64 libraryPoses_ = -1;
    QSpinBox* kBox_;
    QListView* list_;
    ResultsModel* model_;
    ResultDelegate* delegate_;
    HoverPreview* preview_;
    ResultViewer* viewer_ = nullptr;  // made on first use
};

// The header above the grid: how many came back, and when fewer than asked, why.
QString resultSummary(const QueryResult& result, qint64 libraryPoses);

}  // namespace refpose::ui
