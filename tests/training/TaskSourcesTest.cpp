// MoveNet as the frozen task source (paper, section 4): a whole batch in one graph run gives the
// same features as the images one by one, without gradients.
#include "Networks.h"

#include "TestPaths.h"

#include <gtest/gtest.h>

using namespace refpose::training;

TEST(TaskSources, MoveNetFeaturesOfABatchEqualThoseOfEachImage) {
    const auto model = refpose::test::modelsDir() / "movenet-lightning.json";
    REFPOSE_SKIP_UNLESS_EXISTS(model);
    TrainConfig c;
    c.taskModel = model;
    const auto source = makeTaskSource(c);
    torch::manual_seed(7);
    const auto images = torch::rand({3, 3, 128, 128});
    const auto batch = source->features(images);
    ASSERT_EQ(batch.dim(), 4);
    EXPECT_EQ(batch.size(0), 3);
    EXPECT_EQ(batch.size(1), source->channels());
    EXPECT_EQ(batch.size(2), 48);  // Lightning's 192-pixel input at stride 4
    EXPECT_FALSE(batch.requires_grad());
    for (int64_t i = 0; i < 3; ++i)
        EXPECT_TRUE(torch::allclose(batch[i], source->features(images.narrow(0, i, 1))[0], 1e-4, 1e-4)) << i;
}
