#include "TrainingPlots.h"

#include "UiTestSupport.h"

#include <gtest/gtest.h>

#include "QCustomPlotInclude.h"

using namespace refpose;
using namespace refpose::ui;

namespace {

QJsonObject epochEvent(int epoch, double oks50) {
    return {{"event", "epoch"},
            {"epoch", epoch},
            {"step", epoch * 4},
            {"train_loss", 0.5 / epoch},
            {"metrics", QJsonObject{{"OKS@50", oks50}, {"OKS@75", oks50 / 2}}},
            {"is_best", true}};
}

QJsonObject stepEvent(int step, double loss) { return {{"event", "step"}, {"step", step}, {"loss", loss}}; }

void expectNoNegativeRange(const TrainingPlots& plots) {
    EXPECT_GE(plots.lossPlot()->xAxis->range().lower, 0.0);
    EXPECT_GE(plots.lossPlot()->yAxis->range().lower, 0.0);
    EXPECT_GE(plots.metricPlot()->xAxis->range().lower, 0.0);
    EXPECT_GE(plots.metricPlot()->yAxis->range().lower, 0.0);
}

}  // namespace

// The reported bug: one validation at epoch 1 showed the axis from about -0.25 (a rescale's margin).
TEST(TrainingPlots, AxesNeverShowNegativeEpochsStepsOrLosses) {
    test::ensureApplication();
    TrainingPlots plots;
    plots.addStep(stepEvent(1, 0.7));
    plots.addEpoch(epochEvent(1, 0.2));
    expectNoNegativeRange(plots);
    plots.addEpoch(epochEvent(2, 0.4));
    for (int s = 2; s <= 8; ++s) plots.addStep(stepEvent(s, 0.7 / s));
    expectNoNegativeRange(plots);
    EXPECT_GE(plots.metricPlot()->xAxis->range().upper, 2.0);  // the last epoch stays in view
    // A drag to the left stops at 0 and keeps the visible width.
    plots.metricPlot()->xAxis->setRange(-3, 2);
    EXPECT_DOUBLE_EQ(plots.metricPlot()->xAxis->range().lower, 0.0);
    EXPECT_DOUBLE_EQ(plots.metricPlot()->xAxis->range().upper, 5.0);
    plots.clear();
    expectNoNegativeRange(plots);
}
