#pragma once
// Live plots of a training run: each loss part per step and the training loss per epoch
// (log scale on demand), and the validation metrics per epoch with the best OKS@50 marked.

#include <QJsonObject>
#include <QMap>
#include <QWidget>

class QCustomPlot;
class QCPGraph;

namespace refpose::ui {

class TrainingPlots : public QWidget {
    Q_OBJECT
public:
    explicit TrainingPlots(QWidget* parent = nullptr);

    void clear();
    void addStep(const QJsonObject& stepEvent);
    void addEpoch(const QJsonObject& epochEvent);
    void setLogScale(bool on);

    QCustomPlot* lossPlot() const { return lossPlot_; }
    QCustomPlot* metricPlot() const { return metricPlot_; }
    // Data points in the named loss or metric graph ("loss", "train_loss", "OKS@50", ...).
    int pointCount(const QString& graph) const;
    // The marked best validation point (epoch, OKS@50); (-1, -1) when none.
    QPointF bestPoint() const;

private:
    QCPGraph* graph(QCustomPlot* plot, QMap<QString, QCPGraph*>& graphs, const QString& name);
    void rescale();

    QCustomPlot* lossPlot_;
    QCustomPlot* metricPlot_;
    QMap<QString, QCPGraph*> lossGraphs_, metricGraphs_;
    QCPGraph* best_ = nullptr;
};

}  // namespace refpose::ui
