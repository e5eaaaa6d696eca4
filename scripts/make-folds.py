#!/usr/bin/python3
"""Splits a COCO keypoints file into N held-out folds: fold K holds the images whose id % N == K
(the same rule as `refpose-cli eval-model --fold K/N`). Writes OUT/fold-K-train.json (every other
fold) and OUT/fold-K-test.json for each K, with the files' names unchanged.

  make-folds.py ANNOTATIONS.json N OUT_DIR
"""
import json
import os
import sys


def subset(doc, keep):
    images = [im for im in doc["images"] if keep(im["id"])]
    ids = {im["id"] for im in images}
    return {**doc, "images": images, "annotations": [a for a in doc["annotations"] if a["image_id"] in ids]}


def main():
    src, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    doc = json.load(open(src))
    os.makedirs(out, exist_ok=True)
    for k in range(n):
        for name, keep in (("train", lambda i: i % n != k), ("test", lambda i: i % n == k)):
            part = subset(doc, keep)
            with open(os.path.join(out, f"fold-{k}-{name}.json"), "w") as f:
                json.dump(part, f)
            print(f"fold {k} {name}: {len(part['images'])} images")


if __name__ == "__main__":
    main()
