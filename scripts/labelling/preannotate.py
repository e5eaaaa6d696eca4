#!/usr/bin/python3
"""Pre-annotation for the labelling protocol (docs/labelling.md): one label file per image from
`refpose-cli estimate --json` output, every point a model guess (v=2) with its score kept so
that points below 0.3 are flagged on the overlay.

  refpose-cli estimate IMAGES... --json est.json
  preannotate.py est.json OUT_DIR
"""
import json
import os
import sys

import cv2

from keypoints import NAMES



def main():
    estimates, out_dir = sys.argv[1], sys.argv[2]
    os.makedirs(out_dir, exist_ok=True)
    for r in json.load(open(estimates))["results"]:
        if "error" in r:
            print(f"{r['image']}: {r['error']}", file=sys.stderr)
            continue
        h, w = cv2.imread(r["image"], cv2.IMREAD_COLOR).shape[:2]
        points = {p["name"]: p for p in r["keypoints"]}
        label = {
            "file": os.path.basename(r["image"]), "width": w, "height": h,
            "bbox": [round(v, 1) for v in r["box"]],
            "keypoints": {n: [round(points[n]["x"], 1), round(points[n]["y"], 1), 2] for n in NAMES},
            "scores": {n: round(points[n]["score"], 3) for n in NAMES},
            "state": "in_progress", "notes": "",
        }
        stem = os.path.splitext(label["file"])[0]
        with open(os.path.join(out_dir, stem + ".json"), "w") as f:
            json.dump(label, f, indent=1)


if __name__ == "__main__":
    main()
