#include "Trainer.h"

#include "BatchLoader.h"
#include "ModelArchive.h"
#include "PosePredictor.h"
#include "PoseSamples.h"
#include "TrainablePoseModel.h"
#include "UnreadableImages.h"
#include "metrics/PoseMetrics.h"
#include "estimate/PoseEstimator.h"
#include "model/SealedArchive.h"
#include "util/AtomicFile.h"
#include "util/SafeJson.h"

#include <chrono>
#include <cmath>
#include <limits>

namespace refpose::training {
namespace {

using Clock = std::chrono::steady_clock;

// Validation crops run through the network this many at a time.
constexpr int kValidationBatch = 16;

torch::Tensor toTensor(std::vector<float>& data, std::vector<int64_t> shape, const torch::Device& device) {
    return torch::from_blob(data.data(), shape, torch::kFloat32).to(device);
}

// The training set: the dataset and every extra one, each repeated as the config says.
std::vector<PoseSample> loadTrainingSamples(const TrainConfig& c) {
    std::vector<ExtraDataset> sources{{c.dataset, c.imageDir, c.datasetRepeat}};
    sources.insert(sources.end(), c.extraDatasets.begin(), c.extraDatasets.end());
    std::vector<PoseSample> all;
    for (const auto& source : sources) {
        const auto samples = loadPoseSamples(source.dataset, source.imageDir);
        for (int r = 0; r < source.repeat; ++r) all.insert(all.end(), samples.begin(), samples.end());
    }
    return all;
}

// The state besides the weights and the optimiser that a resume needs.
struct RunState {
    long step = 0;  // next step to run
    double bestOks50 = -1;
    int bestEpoch = -1;
    int badEvaluations = 0;  // validations since the last improvement
    double epochLossSum = 0;
    long epochLossCount = 0;
    nlohmann::json bestMetrics = nlohmann::json::object();

    nlohmann::json toJson() const {
        return {{"step", step},
                {"best_oks50", bestOks50},
                {"best_epoch", bestEpoch},
                {"bad_evaluations", badEvaluations},
                {"epoch_loss_sum", epochLossSum},
                {"epoch_loss_count", epochLossCount},
                {"best_metrics", bestMetrics}};
    }
    static RunState fromJson(const nlohmann::json& j) {
        RunState s;
        s.step = j.at("step").get<long>();
        s.bestOks50 = j.at("best_oks50").get<double>();
        s.bestEpoch = j.at("best_epoch").get<int>();
        s.badEvaluations = j.at("bad_evaluations").get<int>();
        s.epochLossSum = j.at("epoch_loss_sum").get<double>();
        s.epochLossCount = j.at("epoch_loss_count").get<long>();
        s.bestMetrics = j.at("best_metrics");
        return s;
    }
};

class PoseTrainer {
public:
    PoseTrainer(const TrainConfig& c, const ProgressSink& progress, const std::atomic<bool>* stop)
        : c_(c), progress_(progress), stop_(stop), device_(trainingDevice(c.device)) {
        if (c_.threads > 0) torch::set_num_threads(c_.threads);
        train_ = loadTrainingSamples(c_);
        val_ = loadPoseSamples(c_.valDataset, c_.valImageDir);
        model_ = makeTrainablePoseModel(c_, device_);
        optimizer_ =
            std::make_unique<torch::optim::Adam>(model_->parameters(), torch::optim::AdamOptions(c_.learningRate));
        predictor_ =
            std::make_unique<PosePredictor>([this](const torch::Tensor& x) { return model_->heatmaps(x); },
                                            PredictorGeometry{c_.inputSize, c_.heatmapSize, c_.padding}, device_);
        perEpoch_ = stepsPerEpoch(train_.size(), c_.batchSize);
        totalSteps_ = perEpoch_ * c_.epochs;
        if (c_.maxSteps > 0) totalSteps_ = std::min(totalSteps_, c_.maxSteps);
    }

    TrainSummary run() {
        std::filesystem::create_directories(c_.outDir);
        std::filesystem::remove(c_.stopFile());
        const bool resumed = loadCheckpoint();
        emitStart(resumed);
        LoaderOptions lo{train_.size(), c_.batchSize, true, c_.seed, c_.workers, c_.prefetch, state_.step, totalSteps_};
        BatchLoader loader(lo, poseBatchLayout(c_), poseSampleMaker(train_, cache_, c_, c_.augment.enabled));
        std::string reason = "completed";
        auto last = Clock::now();
        while (auto batch = loader.next()) {
            for (const SkippedSample& skipped : batch->skipped)
                unreadable_.report(train_[skipped.sample].image, skipped.reason, batch->step + 1);
            trainStep(*batch, last);
            ++state_.step;
            const bool epochEnd = state_.step % perEpoch_ == 0;
            if (epochEnd && (state_.step / perEpoch_) % c_.evalEvery == 0 && validate()) {
                reason = "early_stopped";
                break;
            }
            if (state_.step % c_.checkpointEvery == 0) saveCheckpoint();
            if (stopRequested()) {
                progress_({{"event", "stopping"}, {"step", state_.step}});
                reason = "stopped";
                break;
            }
        }
        saveCheckpoint();
        return finish(reason);
    }

private:
    bool stopRequested() const {
        std::error_code ec;
        return (stop_ && stop_->load()) || std::filesystem::exists(c_.stopFile(), ec);
    }

    void emitStart(bool resumed) {
        progress_({{"event", "start"},
                   {"architecture", architectureName(c_.architecture)},
                   {"device", device_.is_cuda() ? "cuda" : "cpu"},
                   {"threads", torch::get_num_threads()},
                   {"train_samples", train_.size()},
                   {"val_samples", val_.size()},
                   {"steps_per_epoch", perEpoch_},
                   {"total_steps", totalSteps_},
                   {"resumed", resumed},
                   {"first_step", state_.step},
                   {"batch_size", c_.batchSize},
                   {"lr", c_.learningRate},
                   {"patience", c_.patience},
                   {"out_dir", c_.outDir.string()}});
    }

    void trainStep(Batch& b, Clock::time_point& last) {
        const int s = c_.inputSize, h = c_.heatmapSize, k = int(kNumKeypoints);
        const auto images = toTensor(b.images, {b.size, 3, s, s}, device_);
        const auto targets = toTensor(b.targets, {b.size, k, h, h}, device_);
        const auto weights = toTensor(b.weights, {b.size, k}, device_);
        const StepLoss loss = model_->loss(images, targets, weights);
        optimizer_->zero_grad();
        loss.total.backward();
        optimizer_->step();
        const double lossValue = loss.total.item<double>();
        state_.epochLossSum += lossValue;
        ++state_.epochLossCount;
        const auto now = Clock::now();
        const double seconds = std::chrono::duration<double>(now - last).count();
        last = now;
        if (state_.step % c_.logEvery != 0) return;
        nlohmann::json e = {{"event", "step"},
                            {"step", state_.step + 1},
                            {"epoch", b.epoch + 1},
                            {"loss", lossValue},
                            {"loss_heatmap", loss.heatmap.item<double>()},
                            {"lr", c_.learningRate},
                            {"images_per_s", seconds > 0 ? b.size / seconds : 0.0}};
        if (loss.matching.defined()) e["loss_matching"] = loss.matching.item<double>();
        progress_(e);
    }

    nlohmann::json evaluateValidation() {
        std::vector<Pose> predictions;
        std::vector<const PoseSample*> evaluated;  // the validation samples whose image was read
        for (std::size_t i = 0; i < val_.size(); i += kValidationBatch) {
            std::vector<cv::Mat> images;
            std::vector<Box> boxes;
            for (std::size_t j = i; j < std::min(val_.size(), i + kValidationBatch); ++j) {
                try {
                    images.push_back(loadSampleImage(cache_, val_[j].image));
                } catch (const SampleUnavailable& e) {
                    unreadable_.report(val_[j].image, e.what(), state_.step);
                    continue;
                }
                boxes.push_back(val_[j].pose.box);
                evaluated.push_back(&val_[j]);
            }
            if (images.empty()) continue;
            for (auto& p : predictor_->predict(images, boxes)) predictions.push_back(p);
        }
        std::vector<PosePair> pairs;
        for (std::size_t i = 0; i < evaluated.size(); ++i) pairs.push_back({&evaluated[i]->pose, &predictions[i]});
        const auto report = evaluate(pairs);
        const auto names = metricNames(report.thresholds);
        nlohmann::json m = nlohmann::json::object();
        for (std::size_t i = 0; i < kNumMetrics; ++i) m[names[i]] = report.metrics[i].overall.rate();
        return m;
    }

    // Validates at an epoch's end; returns true when early stopping ends the run.
    bool validate() {
        const int epoch = int(state_.step / perEpoch_);
        const auto metrics = evaluateValidation();
        const double oks50 = metrics.at("OKS@50").get<double>();
        const bool best = oks50 > state_.bestOks50;
        if (best) {
            state_.bestOks50 = oks50;
            state_.bestEpoch = epoch;
            state_.bestMetrics = metrics;
            state_.badEvaluations = 0;
            torch::serialize::OutputArchive a;
            model_->save(a);
            saveArchiveAtomically(a, c_.bestFile());
        } else {
            ++state_.badEvaluations;
        }
        const double trainLoss = state_.epochLossCount ? state_.epochLossSum / double(state_.epochLossCount) : 0.0;
        state_.epochLossSum = 0;
        state_.epochLossCount = 0;
        nlohmann::json e = {{"event", "epoch"},
                            {"epoch", epoch},
                            {"step", state_.step},
                            {"train_loss", trainLoss},
                            {"metrics", metrics},
                            {"is_best", best},
                            {"best_oks50", state_.bestOks50},
                            {"best_epoch", state_.bestEpoch}};
        if (c_.patience > 0) e["patience_left"] = c_.patience - state_.badEvaluations;
        progress_(e);
        return c_.patience > 0 && state_.badEvaluations >= c_.patience;
    }

    void saveCheckpoint() {
        torch::serialize::OutputArchive a, opt;
        model_->save(a);
        optimizer_->save(opt);
        a.write("optimizer", opt);
        a.write("run_state", c10::IValue(dumpJson(state_.toJson())));
        a.write("config", c10::IValue(dumpJson(configToJson(c_))));
        saveArchiveAtomically(a, c_.checkpointFile());
        progress_({{"event", "checkpoint"}, {"step", state_.step}, {"file", c_.checkpointFile().string()}});
    }

    bool loadCheckpoint() {
        if (!std::filesystem::exists(c_.checkpointFile())) return false;
        const std::string file = c_.checkpointFile().string();
        torch::serialize::InputArchive a, opt;
        try {
            loadSealedArchive(a, c_.checkpointFile());
        } catch (const ModelError& e) {
            throw ModelError(std::string(e.what()) + "; delete it to start afresh");
        }
        try {
            model_->load(a);
            a.read("optimizer", opt);
            optimizer_->load(opt);
            c10::IValue state;
            a.read("run_state", state);
            state_ = RunState::fromJson(parseJson(state.toStringRef()));
        } catch (const std::exception& e) {
            throw ModelError(file + ": cannot resume from this checkpoint (" + std::string(e.what()).substr(0, 200) +
                             "); delete it to start afresh");
        }
        return true;
    }

    TrainSummary finish(const std::string& reason) {
        // The exported model is the best validated one when a validation ran, else the last.
        if (std::filesystem::exists(c_.bestFile())) {
            torch::serialize::InputArchive a;
            loadSealedArchive(a, c_.bestFile());
            model_->load(a);
        }
        model_->exportModel(
            {{"trained_steps", state_.step}, {"best_epoch", state_.bestEpoch}, {"metrics", state_.bestMetrics}},
            c_.modelFile());
        TrainSummary s{reason, state_.step, state_.bestEpoch, state_.bestMetrics, c_.modelFile()};
        const nlohmann::json e = {{"event", "finished"},       {"reason", reason},
                                  {"steps", s.steps},          {"model", s.model.string()},
                                  {"best_epoch", s.bestEpoch}, {"best_metrics", s.bestMetrics}};
        writeFileAtomically(c_.outDir / "summary.json", dumpJson(e, 2));
        progress_(e);
        return s;
    }

    TrainConfig c_;
    const ProgressSink& progress_;
    const std::atomic<bool>* stop_;
    torch::Device device_;
    std::vector<PoseSample> train_, val_;
    ImageCache cache_;
    UnreadableImages unreadable_{progress_};  // an image that cannot be read is left out, not fatal
    std::unique_ptr<TrainablePoseModel> model_;
    std::unique_ptr<torch::optim::Adam> optimizer_;
    std::unique_ptr<PosePredictor> predictor_;
    long perEpoch_ = 0, totalSteps_ = 0;
    RunState state_;
};

}  // namespace

TrainSummary trainPose(const TrainConfig& config, const ProgressSink& progress, const std::atomic<bool>* stop) {
    if (config.mode != "pose") throw ConfigError(config.sourceFile.string() + ": trainPose needs \"mode\": \"pose\"");
    PoseTrainer trainer(config, progress, stop);
    return trainer.run();
}

double benchmarkTraining(const TrainConfig& c, int steps, int warmup) {
    const torch::Device device = trainingDevice(c.device);
    if (c.threads > 0) torch::set_num_threads(c.threads);
    const auto model = makeTrainablePoseModel(c, device);
    torch::optim::Adam opt(model->parameters(), torch::optim::AdamOptions(c.learningRate));
    const auto images = torch::rand({c.batchSize, 3, c.inputSize, c.inputSize}).to(device);
    const auto targets = torch::rand({c.batchSize, long(kNumKeypoints), c.heatmapSize, c.heatmapSize}).to(device);
    const auto weights = torch::ones({c.batchSize, long(kNumKeypoints)}).to(device);
    auto step = [&] {
        const StepLoss loss = model->loss(images, targets, weights);
        opt.zero_grad();
        loss.total.backward();
        opt.step();
        return loss.total.item<double>();
    };
    for (int i = 0; i < warmup; ++i) step();
    const auto t0 = Clock::now();
    for (int i = 0; i < steps; ++i) step();
    const double seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    return double(steps) * c.batchSize / seconds;
}

}  // namespace refpose::training
