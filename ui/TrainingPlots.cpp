#include "TrainingPlots.h"

#include "QCustomPlotInclude.h"

#include <QVBoxLayout>

namespace refpose::ui {
namespace {

// One colour per series, in the order they first appear.
const QList<QColor> kSeriesColours = {QColor(31, 119, 180), QColor(255, 127, 14),  QColor(44, 160, 44),
                                      QColor(214, 39, 40),  QColor(148, 103, 189), QColor(140, 86, 75)};
// The loss parts a step event may carry.
const QStringList kLossKeys = {QStringLiteral("loss"), QStringLiteral("loss_heatmap"), QStringLiteral("loss_matching")};
// Size of the best-point marker, in pixels.
constexpr double kBestMarkerSize = 14;

void setUpPlot(QCustomPlot* plot, const QString& x, const QString& y) {
    plot->xAxis->setLabel(x);
    plot->yAxis->setLabel(y);
    plot->legend->setVisible(true);
    plot->legend->setFont(QFont(plot->font().family(), 8));
    plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    plot->setMinimumHeight(180);
}

// Steps, epochs and losses are never negative: an axis that would show negative values (a
// rescale's margin around the first points, a drag) starts at 0 instead.
void keepNonNegative(QCPAxis* axis) {
    QObject::connect(axis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), axis, [axis](const QCPRange& r) {
        if (axis->scaleType() == QCPAxis::stLinear && r.lower < 0) axis->setRange(0, r.upper - r.lower);
    });
}

}  // namespace

TrainingPlots::TrainingPlots(QWidget* parent)
    : QWidget(parent), lossPlot_(new QCustomPlot(this)), metricPlot_(new QCustomPlot(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(lossPlot_, 1);
    layout->addWidget(metricPlot_, 1);
    setUpPlot(lossPlot_, tr("step"), tr("loss"));
    setUpPlot(metricPlot_, tr("epoch"), tr("validation"));
    metricPlot_->yAxis->setRange(0, 1);
    for (QCPAxis* axis : {lossPlot_->xAxis, lossPlot_->yAxis, metricPlot_->xAxis, metricPlot_->yAxis})
        keepNonNegative(axis);
    // Metrics rise from the bottom left: their legend sits top left, clear of the latest points.
    metricPlot_->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);
    best_ = metricPlot_->addGraph();
    best_->setName(tr("best OKS@50"));
    best_->setLineStyle(QCPGraph::lsNone);
    best_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssStar, Qt::red, kBestMarkerSize));
}

QCPGraph* TrainingPlots::graph(QCustomPlot* plot, QMap<QString, QCPGraph*>& graphs, const QString& name) {
    if (auto it = graphs.find(name); it != graphs.end()) return *it;
    QCPGraph* g = plot->addGraph();
    g->setName(name);
    g->setPen(QPen(kSeriesColours[graphs.size() % kSeriesColours.size()], 1.5));
    graphs.insert(name, g);
    return g;
}

void TrainingPlots::clear() {
    for (auto* g : lossGraphs_) lossPlot_->removeGraph(g);
    for (auto* g : metricGraphs_) metricPlot_->removeGraph(g);
    lossGraphs_.clear();
    metricGraphs_.clear();
    best_->data()->clear();
    lossPlot_->replot();
    metricPlot_->replot();
}

void TrainingPlots::addStep(const QJsonObject& e) {
    const double step = e.value(QStringLiteral("step")).toDouble();
    for (const QString& key : kLossKeys)
        if (e.contains(key)) graph(lossPlot_, lossGraphs_, key)->addData(step, e.value(key).toDouble());
    rescale();
}

void TrainingPlots::addEpoch(const QJsonObject& e) {
    const double epoch = e.value(QStringLiteral("epoch")).toDouble();
    // A run's summary.json (a past run without an event log) has the best metrics but no loss.
    if (e.contains(QStringLiteral("train_loss"))) {
        QCPGraph* perEpoch = graph(lossPlot_, lossGraphs_, QStringLiteral("train_loss"));
        perEpoch->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 6));
        perEpoch->addData(e.value(QStringLiteral("step")).toDouble(), e.value(QStringLiteral("train_loss")).toDouble());
    }
    const QJsonObject metrics = e.value(QStringLiteral("metrics")).toObject();
    for (auto it = metrics.begin(); it != metrics.end(); ++it) {
        QCPGraph* g = graph(metricPlot_, metricGraphs_, it.key());
        g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 5));
        g->addData(epoch, it.value().toDouble());
    }
    if (e.value(QStringLiteral("is_best")).toBool()) {
        best_->data()->clear();
        best_->addData(epoch, metrics.value(QStringLiteral("OKS@50")).toDouble());
    }
    rescale();
}

void TrainingPlots::setLogScale(bool on) {
    lossPlot_->yAxis->setScaleType(on ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
    if (on)
        lossPlot_->yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
    else
        lossPlot_->yAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
    rescale();
}

void TrainingPlots::rescale() {
    lossPlot_->rescaleAxes();
    metricPlot_->xAxis->rescale();
    metricPlot_->xAxis->scaleRange(1.1);
    metricPlot_->yAxis->setRange(0, 1.05);
    lossPlot_->replot(QCustomPlot::rpQueuedReplot);
    metricPlot_->replot(QCustomPlot::rpQueuedReplot);
}

int TrainingPlots::pointCount(const QString& name) const {
    if (auto it = lossGraphs_.find(name); it != lossGraphs_.end()) return (*it)->dataCount();
    if (auto it = metricGraphs_.find(name); it != metricGraphs_.end()) return (*it)->dataCount();
    return 0;
}

QPointF TrainingPlots::bestPoint() const {
    if (best_->dataCount() == 0) return {-1, -1};
    const auto p = best_->data()->at(0);
    return {p->key, p->value};
}

}  // namespace refpose::ui
