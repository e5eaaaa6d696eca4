#pragma once
// Parallel data loading: worker threads build the batches of the coming steps ahead of the
// model (decode, crop, augment, targets), so training never waits on the disk.
// Batches are a pure function of (seed, step): the epoch's order is a seeded permutation and
// every sample's augmentation has its own seed, so a resumed run sees exactly the batches the
// killed run would have seen, whatever the thread timing.

#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace refpose::training {

struct BatchLayout {
    int imageSide = 0;           // images are 3 x side x side, RGB in [0, 1]
    std::size_t targetSize = 0;  // floats of target per sample
    std::size_t weightSize = 0;  // floats of loss weight per sample
};

// Thrown by a SampleMaker for a sample it cannot build (an image that is missing or cannot be
// decoded): the sample is left out of its batch (zero image, target and weight, so it adds
// nothing to a weighted loss) and listed in Batch::skipped. The same samples are skipped
// whenever the same step is built, so a resumed run still sees identical batches.
class SampleUnavailable : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct SkippedSample {
    std::size_t sample = 0;  // dataset index
    std::string reason;
};

struct Batch {
    long step = 0;
    int epoch = 0;
    int size = 0;
    std::vector<std::size_t> samples;  // dataset indices
    std::vector<float> images, targets, weights;
    std::vector<SkippedSample> skipped;
};

// Fills one sample's image, target and weight slots; `rng` is that sample's own generator.
// Throws SampleUnavailable to leave the sample out; any other error reaches the consumer in
// next().
using SampleMaker =
    std::function<void(std::size_t sample, std::mt19937_64& rng, float* image, float* target, float* weight)>;

struct LoaderOptions {
    std::size_t datasetSize = 0;
    int batchSize = 32;
    bool shuffle = true;
    std::uint64_t seed = 1;
    int workers = 2;
    int prefetch = 4;
    long firstStep = 0;  // resume point
    long endStep = 0;    // one past the last step to build
};

// Steps in one epoch: the last batch of an epoch may be smaller.
long stepsPerEpoch(std::size_t datasetSize, int batchSize);

// The dataset indices of one step's batch (pure function of the options and the step).
std::vector<std::size_t> batchIndices(const LoaderOptions& options, long step);

// The seed of one sample's augmentation generator.
std::uint64_t sampleSeed(std::uint64_t seed, long step, std::size_t slot);

class BatchLoader {
public:
    BatchLoader(LoaderOptions options, BatchLayout layout, SampleMaker maker);
    ~BatchLoader();
    BatchLoader(const BatchLoader&) = delete;
    BatchLoader& operator=(const BatchLoader&) = delete;

    // The next step's batch, in step order; nullptr after endStep. Rethrows a worker's error.
    std::unique_ptr<Batch> next();

private:
    void work();
    std::unique_ptr<Batch> build(long step) const;

    LoaderOptions options_;
    BatchLayout layout_;
    SampleMaker maker_;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::map<long, std::unique_ptr<Batch>> ready_;
    std::exception_ptr error_;
    long nextToBuild_ = 0;
    long nextToTake_ = 0;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

}  // namespace refpose::training
