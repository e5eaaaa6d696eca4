#!/usr/bin/python3
"""Draws one image's keypoint label over the image, for checking every point by eye.

Labelling aid of docs/labelling.md. A label file is JSON:
  {"file": "0001.jpg", "width": W, "height": H, "bbox": [x, y, w, h],
   "keypoints": {"nose": [x, y, v], ...}, "scores": {"nose": s, ...}}   (17 COCO names, v 0/1/2)

  overlay.py LABEL.json IMAGE_DIR OUT.png [--crop X0 Y0 X1 Y1] [--scale S] [--grid STEP]

Left limbs orange, right limbs blue, centre green (core/schema/Keypoints.h); a hidden point (v=1)
is a ring, a point scoring below 0.3 as pre-annotated gets a red ring; every point is named; a
grid with pixel coordinates in the image's own pixels helps read positions off.
"""
import argparse
import json
import os

import cv2

from keypoints import NAMES

SHORT = {"nose": "nose", "left_eye": "Leye", "right_eye": "Reye", "left_ear": "Lear", "right_ear": "Rear"}
EDGES = [("left_ankle", "left_knee"), ("left_knee", "left_hip"), ("right_ankle", "right_knee"),
         ("right_knee", "right_hip"), ("left_hip", "right_hip"), ("left_shoulder", "left_hip"),
         ("right_shoulder", "right_hip"), ("left_shoulder", "right_shoulder"), ("left_shoulder", "left_elbow"),
         ("right_shoulder", "right_elbow"), ("left_elbow", "left_wrist"), ("right_elbow", "right_wrist"),
         ("left_eye", "right_eye"), ("nose", "left_eye"), ("nose", "right_eye"), ("left_eye", "left_ear"),
         ("right_eye", "right_ear")]
BGR = {"left": (40, 120, 240), "right": (240, 140, 40), "centre": (90, 200, 90)}
LOW_SCORE = 0.3


def side(name):
    return "left" if name.startswith("left") else "right" if name.startswith("right") else "centre"


def short(name):
    if name in SHORT:
        return SHORT[name]
    s, part = name.split("_", 1)
    return ("L" if s == "left" else "R") + part[:4]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("label")
    ap.add_argument("image_dir")
    ap.add_argument("out")
    ap.add_argument("--crop", type=float, nargs=4, metavar=("X0", "Y0", "X1", "Y1"))
    ap.add_argument("--scale", type=float, default=0)
    ap.add_argument("--grid", type=int, default=0)
    a = ap.parse_args()
    label = json.load(open(a.label))
    img = cv2.imread(os.path.join(a.image_dir, label["file"]), cv2.IMREAD_COLOR)
    if img is None:
        raise SystemExit(f"{label['file']}: cannot read the image")
    x0, y0, x1, y1 = a.crop if a.crop else (0, 0, img.shape[1], img.shape[0])
    x0, y0 = max(0, int(x0)), max(0, int(y0))
    x1, y1 = min(img.shape[1], int(x1)), min(img.shape[0], int(y1))
    scale = a.scale or min(3.0, 1000.0 / max(x1 - x0, y1 - y0))
    view = cv2.resize(img[y0:y1, x0:x1], None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
    # Faded a little so the overlay reads on any artwork.
    view = cv2.addWeighted(view, 0.75, view * 0 + 255, 0.25, 0)

    def to_view(x, y):
        return int(round((x - x0) * scale)), int(round((y - y0) * scale))

    step = a.grid or max(10, int(round(max(x1 - x0, y1 - y0) / 10 / 10)) * 10)
    for gx in range((x0 // step + 1) * step, x1, step):
        p = to_view(gx, y0)[0]
        cv2.line(view, (p, 0), (p, view.shape[0]), (160, 160, 160), 1)
        cv2.putText(view, str(gx), (p + 2, 12), cv2.FONT_HERSHEY_SIMPLEX, 0.4, (0, 0, 0), 1, cv2.LINE_AA)
    for gy in range((y0 // step + 1) * step, y1, step):
        p = to_view(x0, gy)[1]
        cv2.line(view, (0, p), (view.shape[1], p), (160, 160, 160), 1)
        cv2.putText(view, str(gy), (2, p - 2), cv2.FONT_HERSHEY_SIMPLEX, 0.4, (0, 0, 0), 1, cv2.LINE_AA)

    kps = label["keypoints"]
    scores = label.get("scores", {})
    if label.get("bbox"):
        bx, by, bw, bh = label["bbox"]
        cv2.rectangle(view, to_view(bx, by), to_view(bx + bw, by + bh), (0, 200, 200), 1)
    for a_, b_ in EDGES:
        pa, pb = kps.get(a_), kps.get(b_)
        if pa and pb and pa[2] > 0 and pb[2] > 0:
            colour = BGR[side(a_)] if side(a_) == side(b_) else BGR["centre"]
            cv2.line(view, to_view(pa[0], pa[1]), to_view(pb[0], pb[1]), colour, 2, cv2.LINE_AA)
    for name in NAMES:
        p = kps.get(name)
        if not p or p[2] == 0:
            continue
        c = to_view(p[0], p[1])
        colour = BGR[side(name)]
        if p[2] == 2:
            cv2.circle(view, c, 4, colour, -1, cv2.LINE_AA)
        cv2.circle(view, c, 6, (0, 0, 0), 1, cv2.LINE_AA)
        if p[2] == 1:
            cv2.circle(view, c, 5, colour, 2, cv2.LINE_AA)
        if name in scores and scores[name] < LOW_SCORE:
            cv2.circle(view, c, 10, (0, 0, 255), 2, cv2.LINE_AA)
        text = short(name)
        org = (c[0] + 7, c[1] - 5)
        cv2.putText(view, text, org, cv2.FONT_HERSHEY_SIMPLEX, 0.45, (255, 255, 255), 3, cv2.LINE_AA)
        cv2.putText(view, text, org, cv2.FONT_HERSHEY_SIMPLEX, 0.45, (0, 0, 0), 1, cv2.LINE_AA)
    cv2.imwrite(a.out, view)


if __name__ == "__main__":
    main()
