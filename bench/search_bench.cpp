// Pose search benchmark (bench/RESULTS.md, "Pose search"). Builds libraries of poses made from
// the ADD poses (../shared/add) with random jitter, rotation, scale and flips, then measures on
// one thread: exact and approximate query latency (p50, p99), recall@10 of approximate vs
// exact, build time and memory; and, in the same run, the paper's method as the peer:
// scikit-learn brute-force NearestNeighbors on the same descriptors (bench/search_peer.py,
// one thread), checking that the exact index returns the same neighbours.
//
//   search_bench [--sizes 136000,1000000] [--queries 200] [--peer-max 200000] [--out DIR]
//                [--python /usr/bin/python3] [--peer bench/search_peer.py]   (run from the repository root)
#include "AddPoseLibrary.h"
#include "retrieval/PoseIndex.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace {

using namespace refpose;
using Clock = std::chrono::steady_clock;

constexpr std::size_t kK = 10;

double ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, std::size_t(p * double(v.size() - 1) + 0.5))];
}

long rssKb() {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
    return 0;
}

std::vector<PoseDescriptor> makeDescriptors(const std::vector<Pose>& bases, std::size_t n, std::uint32_t seed) {
    std::vector<PoseDescriptor> out;
    out.reserve(n);
    for (const auto& entry : bench::makeLibrary(bases, n, seed)) out.push_back(describePose(entry.pose));
    return out;
}

void writeMatrix(const std::string& file, const std::vector<PoseDescriptor>& d) {
    std::ofstream out(file, std::ios::binary);
    for (const auto& x : d) out.write(reinterpret_cast<const char*>(x.values.data()), sizeof(float) * kNumPairs);
}

struct Timed {
    std::vector<std::vector<IndexHit>> hits;
    double p50 = 0, p99 = 0;
};

Timed timeQueries(const PoseIndex& index, const std::vector<PoseDescriptor>& queries, const SearchOptions& o) {
    Timed t;
    std::vector<double> lat;
    for (const auto& q : queries) {
        const auto start = Clock::now();
        t.hits.push_back(index.search(q, o));
        lat.push_back(ms(Clock::now() - start));
    }
    t.p50 = percentile(lat, 0.5);
    t.p99 = percentile(lat, 0.99);
    return t;
}

double recall(const std::vector<std::vector<IndexHit>>& approx, const std::vector<std::vector<IndexHit>>& exact) {
    std::size_t found = 0, total = 0;
    for (std::size_t q = 0; q < exact.size(); ++q) {
        for (const auto& e : exact[q])
            for (const auto& a : approx[q]) found += a.id == e.id;
        total += exact[q].size();
    }
    return double(found) / double(total);
}

struct Args {
    std::vector<std::size_t> sizes{136000, 1000000};
    std::size_t queries = 200, peerMax = 200000;
    std::string out = "/tmp/refpose-search-bench";
    std::string peer = "bench/search_peer.py";
    std::string python = "/usr/bin/python3";  // Debian's, with python3-sklearn
};

Args parse(int argc, char** argv) {
    Args a;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string k = argv[i], v = argv[i + 1];
        if (k == "--sizes") {
            a.sizes.clear();
            std::stringstream ss(v);
            std::string s;
            while (std::getline(ss, s, ',')) a.sizes.push_back(std::stoul(s));
        } else if (k == "--queries")
            a.queries = std::stoul(v);
        else if (k == "--peer-max")
            a.peerMax = std::stoul(v);
        else if (k == "--out")
            a.out = v;
        else if (k == "--peer")
            a.peer = v;
        else if (k == "--python")
            a.python = v;
    }
    return a;
}

// Runs the scikit-learn peer on the same descriptors; returns its JSON report.
nlohmann::json runPeer(const Args& a, std::size_t n) {
    const std::string cmd = "OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 " + a.python + " " + a.peer +
                            " --data " + a.out + "/library.f32 --queries " + a.out + "/queries.f32 --dims 300 --k 10" +
                            " --out " + a.out + "/peer.json";
    if (std::system(cmd.c_str()) != 0) return {};
    std::ifstream in(a.out + "/peer.json");
    return nlohmann::json::parse(in);
}

// Queries whose exact neighbour ids equal the peer's (ranks with tied distances may swap).
std::size_t agreeing(const Timed& ours, const nlohmann::json& peer) {
    std::size_t same = 0;
    for (std::size_t q = 0; q < ours.hits.size(); ++q) {
        std::vector<std::int64_t> a, b;
        for (const auto& h : ours.hits[q]) a.push_back(h.id);
        for (const auto& id : peer["ids"][q]) b.push_back(id.get<std::int64_t>());
        std::sort(a.begin(), a.end());
        std::sort(b.begin(), b.end());
        same += a == b;
    }
    return same;
}

}  // namespace

int main(int argc, char** argv) {
    setenv("OMP_NUM_THREADS", "1", 1);  // one core for every method
    const Args args = parse(argc, argv);
    const auto addFile = std::filesystem::path(REFPOSE_BENCH_SHARED_DIR) / "add" / "data.json";
    if (!std::filesystem::exists(addFile)) {
        std::cerr << "search_bench: " << addFile << " is absent (data beside the project)\n";
        return 1;
    }
    std::filesystem::create_directories(args.out);
    const std::vector<Pose> bases = bench::addBasePoses(addFile);
    const auto queries = makeDescriptors(bases, args.queries, 7);
    writeMatrix(args.out + "/queries.f32", queries);

    std::printf(
        "| entries | build s | memory MB | exact p50 ms | exact p99 ms | exact+mirror p50 ms | approx p50 ms | approx "
        "p99 ms | recall@10 | sklearn p50 ms | speed-up | same neighbours |\n");
    std::printf("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (std::size_t n : args.sizes) {
        const auto lib = makeDescriptors(bases, n, bench::librarySeed(n));
        const long rssBefore = rssKb();
        PoseIndex index;
        const auto start = Clock::now();
        for (std::size_t i = 0; i < lib.size(); ++i) index.add(std::int64_t(i), lib[i]);
        index.rebuild();
        const double buildS = ms(Clock::now() - start) / 1000;
        const double memMb = double(rssKb() - rssBefore) / 1024;

        SearchOptions plain;  // the paper's search: no mirror
        plain.mirror = false;
        SearchOptions approx = plain;
        approx.approximate = true;
        const Timed exact = timeQueries(index, queries, plain);
        const Timed mirror = timeQueries(index, queries, SearchOptions{});
        const Timed apx = timeQueries(index, queries, approx);

        double peerP50 = std::nan(""), speedup = std::nan("");
        std::string same = "-";
        if (n <= args.peerMax) {
            writeMatrix(args.out + "/library.f32", lib);
            const nlohmann::json peer = runPeer(args, n);
            if (!peer.is_null()) {
                peerP50 = peer["p50_ms"].get<double>();
                speedup = peerP50 / exact.p50;
                same = std::to_string(agreeing(exact, peer)) + "/" + std::to_string(queries.size());
            }
        }
        std::printf("| %zu | %.1f | %.0f | %.2f | %.2f | %.2f | %.2f | %.2f | %.4f | %.1f | %.1fx | %s |\n", n, buildS,
                    memMb, exact.p50, exact.p99, mirror.p50, apx.p50, apx.p99, recall(apx.hits, exact.hits), peerP50,
                    speedup, same.c_str());
        std::fflush(stdout);
    }
    return 0;
}
