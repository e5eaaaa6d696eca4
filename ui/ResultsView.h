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
class ResultDelegate;
class ResultsModel;

class ResultsView : public QWidget {
    Q_OBJECT
public:
    explicit ResultsView(QWidget* parent = nullptr);

    void showResult(const QueryResult& result);
    int k() const;
    void setK(int k);
    ResultsModel* model() const { return model_; }
    QListView* list() const { return list_; }

    // Actions on a row (also the context menu's).
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
    QSpinBox* kBox_;
    QListView* list_;
    ResultsModel* model_;
    ResultDelegate* delegate_;
    HoverPreview* preview_;
};

}  // namespace refpose::ui
