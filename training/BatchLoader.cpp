#include "BatchLoader.h"

#include <algorithm>
#include <numeric>

namespace refpose::training {
namespace {

// SplitMix64 finaliser: decorrelates seeds built from small consecutive integers.
std::uint64_t mix(std::uint64_t x) {
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

std::vector<std::size_t> epochOrder(const LoaderOptions& o, long epoch) {
    std::vector<std::size_t> order(o.datasetSize);
    std::iota(order.begin(), order.end(), std::size_t{0});
    if (o.shuffle) {
        std::mt19937_64 rng(mix(o.seed ^ mix(std::uint64_t(epoch) + 1)));
        std::shuffle(order.begin(), order.end(), rng);
    }
    return order;
}

}  // namespace

long stepsPerEpoch(std::size_t datasetSize, int batchSize) {
    return long((datasetSize + std::size_t(batchSize) - 1) / std::size_t(batchSize));
}

std::vector<std::size_t> batchIndices(const LoaderOptions& o, long step) {
    const long perEpoch = stepsPerEpoch(o.datasetSize, o.batchSize);
    if (perEpoch == 0) return {};
    const long epoch = step / perEpoch;
    const std::size_t first = std::size_t(step % perEpoch) * std::size_t(o.batchSize);
    const auto order = epochOrder(o, epoch);
    const std::size_t last = std::min(order.size(), first + std::size_t(o.batchSize));
    return {order.begin() + long(first), order.begin() + long(last)};
}

std::uint64_t sampleSeed(std::uint64_t seed, long step, std::size_t slot) {
    return mix(mix(seed) ^ mix(std::uint64_t(step) * 1024 + slot));
}

BatchLoader::BatchLoader(LoaderOptions options, BatchLayout layout, SampleMaker maker)
    : options_(options),
      layout_(layout),
      maker_(std::move(maker)),
      nextToBuild_(options.firstStep),
      nextToTake_(options.firstStep) {
    for (int i = 0; i < std::max(1, options_.workers); ++i) threads_.emplace_back([this] { work(); });
}

BatchLoader::~BatchLoader() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    changed_.notify_all();
    for (auto& t : threads_) t.join();
}

std::unique_ptr<Batch> BatchLoader::build(long step) const {
    auto b = std::make_unique<Batch>();
    b->step = step;
    b->epoch = int(step / std::max(1L, stepsPerEpoch(options_.datasetSize, options_.batchSize)));
    b->samples = batchIndices(options_, step);
    b->size = int(b->samples.size());
    const std::size_t imageFloats = 3 * std::size_t(layout_.imageSide) * layout_.imageSide;
    b->images.assign(imageFloats * b->size, 0.f);
    b->targets.assign(layout_.targetSize * b->size, 0.f);
    b->weights.assign(layout_.weightSize * b->size, 0.f);
    for (int i = 0; i < b->size; ++i) {
        std::mt19937_64 rng(sampleSeed(options_.seed, step, std::size_t(i)));
        float* image = b->images.data() + imageFloats * i;
        float* target = b->targets.data() + layout_.targetSize * i;
        float* weight = b->weights.data() + layout_.weightSize * i;
        try {
            maker_(b->samples[std::size_t(i)], rng, image, target, weight);
        } catch (const SampleUnavailable& e) {
            // The maker may have written part of the slots before it failed.
            std::fill(image, image + imageFloats, 0.f);
            std::fill(target, target + layout_.targetSize, 0.f);
            std::fill(weight, weight + layout_.weightSize, 0.f);
            b->skipped.push_back({b->samples[std::size_t(i)], e.what()});
        }
    }
    return b;
}

void BatchLoader::work() {
    for (;;) {
        long step;
        {
            std::unique_lock lock(mutex_);
            changed_.wait(lock, [&] {
                return stopping_ || (nextToBuild_ < options_.endStep && nextToBuild_ < nextToTake_ + options_.prefetch);
            });
            if (stopping_) return;
            step = nextToBuild_++;
        }
        std::unique_ptr<Batch> batch;
        std::exception_ptr error;
        try {
            batch = build(step);
        } catch (...) {
            error = std::current_exception();
        }
        {
            std::lock_guard lock(mutex_);
            if (error && !error_) error_ = error;
            ready_[step] = std::move(batch);
        }
        changed_.notify_all();
    }
}

std::unique_ptr<Batch> BatchLoader::next() {
    std::unique_lock lock(mutex_);
    if (nextToTake_ >= options_.endStep) return nullptr;
    changed_.wait(lock, [&] { return error_ || ready_.count(nextToTake_); });
    if (error_) std::rethrow_exception(error_);
    auto batch = std::move(ready_[nextToTake_]);
    ready_.erase(nextToTake_++);
    lock.unlock();
    changed_.notify_all();
    return batch;
}

}  // namespace refpose::training
