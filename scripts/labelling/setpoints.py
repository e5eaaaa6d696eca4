#!/usr/bin/python3
"""Corrects points of one label file (docs/labelling.md). A corrected point is confirmed: its
model score is dropped, so the overlay no longer flags it.

  setpoints.py LABEL.json [NAME=X,Y,V ...] [NAME=v:V ...] [bbox=X,Y,W,H] [--confirm-all] [--done] [--note TEXT]

NAME is a COCO keypoint name (left_wrist: the character's left). V: 2 visible, 1 hidden but
inferable, 0 not labelled (then X and Y are ignored). NAME=v:V changes only the visibility.
--confirm-all confirms every remaining model guess as checked; --done marks the image done
(refused while a point is unconfirmed or the box misses a labelled point).
"""
import argparse
import json

from keypoints import NAMES



def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("label")
    ap.add_argument("edits", nargs="*")
    ap.add_argument("--confirm-all", action="store_true")
    ap.add_argument("--done", action="store_true")
    ap.add_argument("--note")
    a = ap.parse_args()
    label = json.load(open(a.label))
    w, h = label["width"], label["height"]
    for e in a.edits:
        name, _, value = e.partition("=")
        if name == "bbox":
            x, y, bw, bh = (float(v) for v in value.split(","))
            label["bbox"] = [x, y, bw, bh]
            continue
        if name not in NAMES:
            raise SystemExit(f"unknown keypoint {name!r}")
        if value.startswith("v:"):
            label["keypoints"][name][2] = int(value[2:])
        else:
            x, y, v = value.split(",")
            x, y, v = float(x), float(y), int(v)
            if v and not (0 <= x < w and 0 <= y < h):
                raise SystemExit(f"{name}: ({x}, {y}) lies outside the {w}x{h} image")
            label["keypoints"][name] = [x, y, v]
        label.get("scores", {}).pop(name, None)
    if a.confirm_all:
        label["scores"] = {}
    if a.note is not None:
        label["notes"] = a.note
    if a.done:
        if label.get("scores"):
            raise SystemExit("unconfirmed model guesses: " + ", ".join(label["scores"]))
        bx, by, bw, bh = label["bbox"]
        for n, (x, y, v) in label["keypoints"].items():
            if v and not (bx - 1 <= x <= bx + bw + 1 and by - 1 <= y <= by + bh + 1):
                raise SystemExit(f"the box misses {n}")
        label["state"] = "done"
    with open(a.label + ".tmp", "w") as f:
        json.dump(label, f, indent=1)
    import os
    os.replace(a.label + ".tmp", a.label)


if __name__ == "__main__":
    main()
