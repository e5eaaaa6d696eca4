#!/usr/bin/python3
"""Merges checked label files into the annotator's COCO keypoints file (docs/labelling.md), the
format `refpose --annotate` opens and refpose-train reads: file_name relative to the image
folder, one person annotation per image, images[].refpose_state kept.

  merge.py LABEL_DIR OUT.json [--only-done]
"""
import glob
import json
import os
import sys

from keypoints import NAMES

SKELETON = [[16, 14], [14, 12], [17, 15], [15, 13], [12, 13], [6, 12], [7, 13], [6, 7], [6, 8], [7, 9],
            [8, 10], [9, 11], [2, 3], [1, 2], [1, 3], [2, 4], [3, 5], [4, 6], [5, 7]]


def main():
    label_dir, out = sys.argv[1], sys.argv[2]
    only_done = "--only-done" in sys.argv
    images, annotations = [], []
    for path in sorted(glob.glob(os.path.join(label_dir, "*.json"))):
        label = json.load(open(path))
        if only_done and label.get("state") != "done":
            continue
        image_id = int(os.path.splitext(label["file"])[0])
        images.append({"id": image_id, "file_name": label["file"], "width": label["width"],
                       "height": label["height"], "refpose_state": label.get("state", "in_progress")})
        flat, count = [], 0
        for n in NAMES:
            x, y, v = label["keypoints"][n]
            flat += [round(float(x), 1), round(float(y), 1), int(v)] if v else [0, 0, 0]
            count += v > 0
        bx, by, bw, bh = (round(float(v), 1) for v in label["bbox"])
        annotations.append({"id": image_id, "image_id": image_id, "category_id": 1, "bbox": [bx, by, bw, bh],
                            "area": round(bw * bh, 1), "iscrowd": 0, "num_keypoints": count, "keypoints": flat})
    doc = {"images": images, "annotations": annotations,
           "categories": [{"id": 1, "name": "person", "supercategory": "person", "keypoints": NAMES,
                           "skeleton": SKELETON}]}
    with open(out + ".tmp", "w") as f:
        json.dump(doc, f, indent=1)
    os.replace(out + ".tmp", out)
    print(f"{len(images)} images -> {out}")


if __name__ == "__main__":
    main()
