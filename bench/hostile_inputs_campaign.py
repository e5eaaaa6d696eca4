#!/usr/bin/python3
"""Issue 15's mutation campaign, run again: N mutated JSON inputs (default 3,000) over the nine
readers of user JSON, through the built programs. Each input is one of the readers' valid seeds
(tests/fuzz/corpus, and the fetched MoveNet Lightning model.json) with one mutation: bit flips,
truncation, a wrong type, NaN/Inf, a huge number, deep nesting or invalid UTF-8.

Counts, per reader and mutation: accepted (exit 0), refused (exit 1 with a message), crashes
(killed by a signal, a sanitizer report, an uncaught exception), hangs (over the time limit), and
refusals whose message does not name the file, does not name a place in it (field, line, byte,
record) or is longer than 2000 characters. A refused convert-add must leave no output file.

    /usr/bin/python3 bench/hostile_inputs_campaign.py --build build --fuzz-build build-fuzz \
        --count 3000 --seed 15 --jobs 2 --out /tmp/campaign

The training config has no program in a build without refpose-train; it then runs through
build-fuzz's train_config_fuzz in replay mode (the same readConfig, under AddressSanitizer)."""
import argparse
import collections
import concurrent.futures
import json
import math
import os
import random
import re
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "tests", "fuzz", "corpus")
MUTATIONS = ["bit_flips", "truncation", "wrong_type", "nan_inf", "huge_number", "deep_nesting", "invalid_utf8"]
MAX_MESSAGE = 2000
# A refusal names a place when it says which field, line, byte, record, entry or node.
PLACE = re.compile(r'\b(x|y|score|visibility|width|height) of |\bbox.s |line \d+|column \d+|byte \d+|position \d+|at \d+|#\d+|\[\d+\]|"[^"]+"|\b(record|annotation|image|'
                   r'category|result|entry|field|keypoint|node|weight|shard|key|group|value|bbox|visibility|score|'
                   r'top level|top-level|list|object|array)\b', re.I)
CRASH_MARKERS = ("AddressSanitizer", "runtime error:", "fuzz finding", "terminate called", "Segmentation fault",
                 "deadly signal", "core dumped")


# ---- mutations -------------------------------------------------------------------------------

def json_paths(node, path=()):
    """Every (path, value) in a JSON document."""
    yield path, node
    if isinstance(node, dict):
        for k, v in node.items():
            yield from json_paths(v, path + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from json_paths(v, path + (i,))


def replace_at(doc, path, value):
    if not path:
        return value
    parent = doc
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = value
    return doc


def pick(rng, doc, want=None):
    paths = [(p, v) for p, v in json_paths(doc) if want is None or want(v)]
    return rng.choice(paths) if paths else ((), doc)


def is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def dump(doc):
    return json.dumps(doc, allow_nan=True).encode()


def mutate(kind, text, rng):
    data = bytearray(text)
    if kind == "bit_flips":
        for _ in range(rng.randint(1, 8)):
            i = rng.randrange(len(data))
            data[i] ^= 1 << rng.randrange(8)
        return bytes(data)
    if kind == "truncation":
        return bytes(data[:rng.randrange(len(data))])
    doc = json.loads(text)
    if kind == "wrong_type":
        path, value = pick(rng, doc)
        choices = ["text", 7, 2.5, True, None, [], [1, "a"], {}, {"x": 1}]
        choices = [c for c in choices if type(c) is not type(value)]
        return dump(replace_at(doc, path, rng.choice(choices)))
    if kind == "nan_inf":
        path, _ = pick(rng, doc, is_number)
        return dump(replace_at(doc, path, rng.choice([math.nan, math.inf, -math.inf])))
    if kind == "huge_number":
        path, _ = pick(rng, doc, is_number)
        token = rng.choice(["1e308", "-1e308", "1e999", "-1e999", "9223372036854775808", "18446744073709551616",
                            "-9223372036854775809", "123456789012345678901234567890", "4294967296", "2147483648",
                            "-2147483649", "1e-400"])
        marker = "__HUGE_NUMBER__"
        return dump(replace_at(doc, path, marker)).replace(b'"' + marker.encode() + b'"', token.encode())
    if kind == "deep_nesting":
        path, value = pick(rng, doc)
        depth = rng.choice([100, 255, 257, 1000, 100000])
        marker = "__DEEP__"
        opener, closer = rng.choice([(b"[", b"]"), (b'{"a":', b"}")])
        inner = json.dumps(value).encode()
        return dump(replace_at(doc, path, marker)).replace(b'"' + marker.encode() + b'"',
                                                           opener * depth + inner + closer * depth)
    if kind == "invalid_utf8":
        path, value = pick(rng, doc, lambda v: isinstance(v, str))
        marker = "__UTF8__"
        bad = rng.choice([b"\xff", b"\xc3\x28", b"\xe2\x82", b"\xf0\x28\x8c\xbc", b"\xc0\xaf", b"\xed\xa0\x80"])
        original = json.dumps(value).encode()[1:-1] if isinstance(value, str) else b""
        cut = rng.randint(0, len(original))
        return dump(replace_at(doc, path, marker)).replace(marker.encode(), original[:cut] + bad + original[cut:])
    raise ValueError(kind)


# ---- readers ---------------------------------------------------------------------------------

class Reader:
    def __init__(self, name, seed, command, output=None):
        self.name, self.seed, self.command, self.output = name, seed, command, output


def readers(args, work):
    cli = os.path.join(args.build, "app", "refpose-cli")
    c = lambda *p: os.path.join(CORPUS, *p)
    gt, pred = c("coco_dataset_fuzz", "two-images.json"), c("coco_results_fuzz", "results-list.json")
    library = os.path.join(work, "query-library.sqlite")
    image = os.path.join(work, "image.png")
    model_seed = os.path.join(work, "movenet-lightning.json")
    trainer = os.path.join(args.build, "training", "refpose-train")
    if os.path.exists(trainer):
        config_command = lambda f, d: [trainer, "--config", f, "--bench", "0"]
    else:
        config_command = lambda f, d: [os.path.join(args.fuzz_build, "tests", "fuzz", "train_config_fuzz"), f]
    return [
        Reader("eval (ground truth)", gt, lambda f, d: [cli, "eval", "--gt", f, "--pred", pred]),
        Reader("eval (predictions)", pred, lambda f, d: [cli, "eval", "--gt", gt, "--pred", f]),
        Reader("convert-add", c("add_fuzz", "two-records.json"),
               lambda f, d: [cli, "convert-add", f, "-o", os.path.join(d, "out.json")], output="out.json"),
        Reader("query --pose", c("pose_file_fuzz", "keypoints-17.json"),
               lambda f, d: [cli, "query", "--pose", f, "--library", library]),
        Reader("import-poses (COCO)", gt,
               lambda f, d: [cli, "import-poses", f, "--library", os.path.join(d, "library.sqlite")]),
        Reader("import-poses --add", c("add_fuzz", "two-records.json"),
               lambda f, d: [cli, "import-poses", "--add", f, "--library", os.path.join(d, "library.sqlite")]),
        Reader("training config", c("train_config_fuzz", "domain-only.json"), config_command),
        Reader("training dataset (check-dataset)", gt, lambda f, d: [cli, "check-dataset", f]),
        Reader("TF.js model.json (estimate --model)", model_seed,
               lambda f, d: [cli, "estimate", "--model", f, "--box-model", f, image]),
    ]


def prepare(args, work):
    os.makedirs(work, exist_ok=True)
    import cv2
    import numpy as np
    cv2.imwrite(os.path.join(work, "image.png"), np.full((64, 48, 3), 200, np.uint8))
    # The TF.js seed: MoveNet Lightning's model.json; every mutated copy lies beside its shard.
    shutil.copy(os.path.join(args.models, "movenet-lightning.json"), os.path.join(work, "movenet-lightning.json"))
    library = os.path.join(work, "query-library.sqlite")
    if not os.path.exists(library):
        subprocess.run([os.path.join(args.build, "app", "refpose-cli"), "import-poses", "--add",
                        os.path.join(CORPUS, "add_fuzz", "two-records.json"), "--library", library],
                       check=True, capture_output=True)


def judge(message, path):
    """(names a file, names a place) for a refusal of the input at `path`. The file may be the
    input, a file the input names (a config's dataset, beside it) or, for a fuzz target replaying
    the input, its own copy of it (tests/fuzz/FuzzSupport.h)."""
    case = os.path.dirname(path)
    named = re.search(re.escape(case) + r"/[^\s:\"]+|/refpose-fuzz-\d+/[\w.]+", message)
    if not named:
        return False, bool(PLACE.search(message))
    return True, bool(PLACE.search(message.replace(named.group(0), "")))


def run_one(job):
    reader, index, kind, data, work, models, timeout, *keep = job
    case = os.path.join(work, "cases", "%04d" % index)
    shutil.rmtree(case, ignore_errors=True)  # a reproducer kept by --only
    os.makedirs(case)
    name = "model.json" if reader.name.startswith("TF.js") else "input.json"
    path = os.path.join(case, name)
    with open(path, "wb") as f:
        f.write(data)
    if name == "model.json":
        os.symlink(os.path.join(models, "movenet-lightning.bin"), os.path.join(case, "movenet-lightning.bin"))
    env = dict(os.environ, ASAN_OPTIONS="detect_leaks=0", OMP_NUM_THREADS="1", REFPOSE_FUZZ_AS_PROGRAM="1")
    started = time.time()
    for attempt in range(30):
        try:
            p = subprocess.run(reader.command(path, case), capture_output=True, timeout=timeout, env=env)
            rc, out = p.returncode, (p.stdout + p.stderr).decode("utf-8", "replace")
            break
        except subprocess.TimeoutExpired:
            rc, out = None, ""
            break
        except OSError:  # the program is being relinked by a build in the same tree: wait for it
            time.sleep(10)
    else:
        raise RuntimeError("cannot run " + reader.command(path, case)[0])
    result = {"reader": reader.name, "index": index, "mutation": kind, "rc": rc, "path": path,
              "seconds": round(time.time() - started, 2)}
    if rc is None:
        result["outcome"] = "hang"
    elif rc < 0 or rc > 1 or any(m in out for m in CRASH_MARKERS):
        result["outcome"] = "crash"
        result["message"] = out[-1500:]
    elif rc == 0:
        result["outcome"] = "accepted"
    else:
        result["outcome"] = "refused"
        message = out.strip()
        result["message"] = message[:600]
        result["length"] = len(message)
        result["names_file"], result["names_place"] = judge(message, path)
        result["half_written"] = bool(reader.output and os.path.exists(os.path.join(case, reader.output)))
    if not keep:
        shutil.rmtree(case, ignore_errors=True)
    return result


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--fuzz-build", default=os.path.join(ROOT, "build-fuzz"))
    ap.add_argument("--models", default=os.path.join(ROOT, "models"))
    ap.add_argument("--count", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=15)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=120)
    ap.add_argument("--out", default="/tmp/refpose-campaign")
    ap.add_argument("--reader", metavar="TEXT", help="run only the inputs of the readers whose name contains TEXT "
                    "(the same inputs as in the full run)")
    ap.add_argument("--only", type=int, metavar="INDEX", help="run just this input and keep its folder (a reproducer)")
    ap.add_argument("--summarise", metavar="RESULTS_JSONL", help="only summarise a (possibly partial) run's results.jsonl")
    args = ap.parse_args()
    if args.summarise:
        summarise([json.loads(line) for line in open(args.summarise)])
        return
    work = os.path.abspath(args.out)
    prepare(args, work)
    rs = readers(args, work)
    rng = random.Random(args.seed)
    jobs = []
    seeds = {r.seed: open(r.seed, "rb").read() for r in rs}
    for i in range(args.count):
        reader = rs[i % len(rs)]
        kind = MUTATIONS[(i // len(rs)) % len(MUTATIONS)]
        jobs.append((reader, i, kind, mutate(kind, seeds[reader.seed], rng), work, os.path.abspath(args.models),
                     args.timeout))
    if args.only is not None:
        result = run_one(jobs[args.only] + (True,))
        print(json.dumps(result, indent=1))
        return
    if args.reader:
        jobs = [j for j in jobs if args.reader in j[0].name]
    results = []
    log = open(os.path.join(work, "results.jsonl"), "w")
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        for n, result in enumerate(pool.map(run_one, jobs), 1):
            results.append(result)
            log.write(json.dumps(result) + "\n")
            log.flush()
            if n % 100 == 0:
                print("%d/%d" % (n, len(jobs)), file=sys.stderr, flush=True)
    summarise(results)


def summarise(results):
    table = collections.OrderedDict()
    for r in results:
        t = table.setdefault(r["reader"], collections.Counter())
        t["inputs"] += 1
        t[r["outcome"]] += 1
        if r["outcome"] == "refused":
            if "names_file" not in r:  # judged at run time on the whole message; "message" keeps 600 characters
                r["names_file"], r["names_place"] = judge(r["message"], r.get("path", ""))
            names_file, names_place = r["names_file"], r["names_place"]
            t["no file"] += not names_file
            t["no place"] += not names_place
            t["too long"] += r["length"] > MAX_MESSAGE
            t["half-written"] += r["half_written"]
    cols = ["inputs", "accepted", "refused", "crash", "hang", "no file", "no place", "too long", "half-written"]
    print("| reader | " + " | ".join(cols) + " |")
    print("|---|" + "---|" * len(cols))
    total = collections.Counter()
    for name, t in table.items():
        total.update(t)
        print("| %s | %s |" % (name, " | ".join(str(t[c]) for c in cols)))
    print("| **all** | %s |" % " | ".join(str(total[c]) for c in cols))
    by_mutation = collections.Counter((r["mutation"], r["outcome"]) for r in results)
    print("\nper mutation: " + "; ".join("%s: %s" % (m, ", ".join("%s %d" % (o, by_mutation[(m, o)])
                                                                  for o in ("accepted", "refused", "crash", "hang")
                                                                  if by_mutation[(m, o)]))
                                        for m in MUTATIONS))
    bad = [r for r in results if r["outcome"] in ("crash", "hang") or
           (r["outcome"] == "refused" and (not r["names_file"] or not r["names_place"] or r["length"] > MAX_MESSAGE))]
    seen = set()
    for r in bad:
        key = (r["reader"], r["outcome"], re.sub(r"\d+", "N", r.get("message", ""))[:80])
        if key in seen:
            continue
        seen.add(key)
        print("\n[%s] %s #%d (%s): %s" % (r["outcome"], r["reader"], r["index"], r["mutation"], r.get("message", "")[:400]))


if __name__ == "__main__":
    main()
