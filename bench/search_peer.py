#!/usr/bin/env python3
"""The paper's pose search as the peer of bench/search_bench.cpp: scikit-learn brute-force
Euclidean k-NN over the 300-value descriptors, one query at a time, on one thread.

Reads float32 row-major matrices written by search_bench; writes p50/p99 latency and the
neighbour ids as JSON. Run with OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 (search_bench does).
"""
import argparse
import json
import os
import time

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")

import numpy as np  # noqa: E402  (after the thread settings)
from sklearn.neighbors import NearestNeighbors  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--queries", required=True)
    ap.add_argument("--dims", type=int, default=300)
    ap.add_argument("--k", type=int, default=10)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    data = np.fromfile(a.data, dtype=np.float32).reshape(-1, a.dims)
    queries = np.fromfile(a.queries, dtype=np.float32).reshape(-1, a.dims)
    start = time.perf_counter()
    nn = NearestNeighbors(n_neighbors=a.k, algorithm="brute", metric="euclidean", n_jobs=1).fit(data)
    build_s = time.perf_counter() - start
    lat, ids = [], []
    for q in queries:
        t = time.perf_counter()
        _, idx = nn.kneighbors(q[None, :], n_neighbors=a.k)
        lat.append((time.perf_counter() - t) * 1000)
        ids.append(idx[0].tolist())
    lat.sort()
    report = {
        "entries": int(data.shape[0]),
        "build_s": build_s,
        "p50_ms": lat[len(lat) // 2],
        "p99_ms": lat[min(len(lat) - 1, int(0.99 * (len(lat) - 1) + 0.5))],
        "ids": ids,
    }
    with open(a.out, "w") as f:
        json.dump(report, f)


if __name__ == "__main__":
    main()
