#!/usr/bin/python3
"""Writes the fuzz targets' seed corpora (tests/fuzz/corpus/<target>/): small hand-made valid
files, one or a few per reader. Every file here is made from scratch; nothing is copied from
../shared. Run again after a change of a reader's format:  /usr/bin/python3 tests/fuzz/make_corpus.py
(the library seed comes from refpose-cli itself: see tests/fuzz/README.md)."""
import json
import os
import struct

import cv2
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")

COCO_NAMES = ["nose", "left_eye", "right_eye", "left_ear", "right_ear", "left_shoulder", "right_shoulder",
              "left_elbow", "right_elbow", "left_wrist", "right_wrist", "left_hip", "right_hip", "left_knee",
              "right_knee", "left_ankle", "right_ankle"]
SKELETON = [[16, 14], [14, 12], [17, 15], [15, 13], [12, 13], [6, 12], [7, 13], [6, 7], [6, 8], [7, 9], [8, 10],
            [9, 11], [2, 3], [1, 2], [1, 3], [2, 4], [3, 5], [4, 6], [5, 7]]
# A standing figure, (x, y) per COCO keypoint, in a 640x480 image.
STANDING = [(320, 80), (312, 72), (328, 72), (300, 78), (340, 78), (290, 130), (350, 130), (270, 190),
            (370, 190), (260, 250), (380, 250), (300, 260), (340, 260), (298, 350), (342, 350), (296, 440),
            (344, 440)]


def write(target, name, data):
    folder = os.path.join(CORPUS, target)
    os.makedirs(folder, exist_ok=True)
    mode = "wb" if isinstance(data, bytes) else "w"
    with open(os.path.join(folder, name), mode) as f:
        f.write(data)


def keypoints(visibility=2, shift=0):
    out = []
    for i, (x, y) in enumerate(STANDING):
        v = 0 if (visibility == "mixed" and i in (3, 4)) else (2 if visibility == "mixed" else visibility)
        out += [0, 0, 0] if v == 0 else [x + shift, y, v]
    return out


def coco_dataset():
    return {
        "info": {"description": "fuzz seed"},
        "images": [{"id": 1, "file_name": "image1.png", "width": 640, "height": 480},
                   {"id": 2, "file_name": "sub/image2.jpg", "width": 640, "height": 480, "source": "seed"}],
        "annotations": [
            {"id": 1, "image_id": 1, "category_id": 1, "keypoints": keypoints(), "num_keypoints": 17,
             "bbox": [250, 60, 140, 400], "area": 56000, "iscrowd": 0},
            {"id": 2, "image_id": 2, "category_id": 1, "keypoints": keypoints("mixed", 10), "num_keypoints": 15,
             "bbox": [260, 60, 140, 400], "area": 56000.5, "iscrowd": 0, "note": "kept"}],
        "categories": [{"id": 1, "name": "person", "supercategory": "person", "keypoints": COCO_NAMES,
                        "skeleton": SKELETON}],
    }


def json_seeds():
    write("coco_dataset_fuzz", "two-images.json", json.dumps(coco_dataset(), indent=1))
    empty = {"images": [], "annotations": [], "categories": coco_dataset()["categories"]}
    write("coco_dataset_fuzz", "empty.json", json.dumps(empty))

    results = [{"image_id": 1, "category_id": 1, "keypoints": [v if (i % 3) != 2 else 0.9 for i, v in
                                                               enumerate(keypoints())], "score": 0.8},
               {"image_id": 2, "category_id": 1, "keypoints": keypoints(1, 5), "score": 0.5},
               {"image_id": 2, "category_id": 1, "keypoints": keypoints(1, 7), "score": 0.6}]
    write("coco_results_fuzz", "results-list.json", json.dumps(results))
    write("coco_results_fuzz", "as-dataset.json", json.dumps(coco_dataset()))

    add_names = ["head", "neck", "nose_tip", "nose_root", "body_upper", "arm_left", "elbow_left", "wrist_left",
                 "thumb_left", "arm_right", "elbow_right", "wrist_right", "thumb_right", "leg_left", "knee_left",
                 "ankle_left", "tiptoe_left", "leg_right", "knee_right", "ankle_right", "tiptoe_right"]
    records = []
    for n, (w, h) in enumerate([(640, 480), (0, 0)]):
        points = {name: [200 + 7 * i + n, 50 + 19 * i] for i, name in enumerate(add_names)}
        records.append({"file_name": "data/images/%d.jpg" % (1000 + n), "points": points, "width": w, "height": h})
    write("add_fuzz", "two-records.json", json.dumps(records))

    write("pose_file_fuzz", "keypoints-17.json", json.dumps({"keypoints": keypoints("mixed"), "bbox": [250, 60, 140, 400]}))
    pose25 = keypoints() + [v for i in range(8) for v in (300 + 3 * i, 200, 2)]
    write("pose_file_fuzz", "keypoints-25-scores.json",
          json.dumps({"keypoints": pose25, "scores": [0.5] * 25}))
    write("pose_file_fuzz", "coco.json", json.dumps(coco_dataset()))

    config = {"dataset": "train/annotations.json", "image_dir": "train/images", "dataset_repeat": 2,
              "extra_datasets": [{"dataset": "renders/annotations.json", "repeat": 1}],
              "val_dataset": "dev/annotations.json", "val_image_dir": "dev/images", "out_dir": "runs/seed",
              "architecture": "domain-only", "task_model": "models/movenet-thunder.json", "input_size": 256,
              "heatmap_size": 64, "padding": 0.2, "lr": 0.001, "batch_size": 8, "epochs": 3, "max_steps": 60,
              "eval_every": 1, "seed": 1, "threads": 2, "workers": 1, "prefetch": 4, "checkpoint_every": 60,
              "log_every": 10, "patience": 2,
              "augment": {"enabled": True, "rotation_degrees": 40, "translate": 0.08, "scale_min": 0.8,
                          "scale_max": 1.25, "flip": True, "colour": 0.25, "hue": True},
              "resnet_depth": 18, "resnet_width": 32, "head_channels": 32}
    write("train_config_fuzz", "domain-only.json", json.dumps(config, indent=1))
    write("train_config_fuzz", "task-finetune.json",
          json.dumps({"dataset": "a.json", "out_dir": "out", "architecture": "task-finetune",
                      "finetune_scope": "fpn-head", "task_model": "m.json"}))
    write("train_config_fuzz", "tagger.json", json.dumps({"mode": "tagger", "dataset": "tags.csv", "out_dir": "out"}))


def image_seeds():
    rng = np.random.default_rng(7)
    bgr = rng.integers(0, 255, (12, 16, 3), dtype=np.uint8)
    for ext, params in [(".png", []), (".jpg", [cv2.IMWRITE_JPEG_QUALITY, 80]), (".bmp", []),
                        (".webp", [cv2.IMWRITE_WEBP_QUALITY, 80]), (".tiff", [])]:
        ok, data = cv2.imencode(ext, bgr, params)
        assert ok
        write("image_fuzz", "rgb" + ext, data.tobytes())
    bgra = np.dstack([bgr, rng.integers(0, 255, (12, 16), dtype=np.uint8)])
    write("image_fuzz", "alpha.png", cv2.imencode(".png", bgra)[1].tobytes())
    grey16 = rng.integers(0, 65535, (9, 7), dtype=np.uint16)
    write("image_fuzz", "grey16.png", cv2.imencode(".png", grey16)[1].tobytes())
    ok, progressive = cv2.imencode(".jpg", bgr, [cv2.IMWRITE_JPEG_PROGRESSIVE, 1])
    write("image_fuzz", "progressive.jpg", progressive.tobytes())
    write("image_fuzz", "exif-rotated.jpg", with_exif_orientation(cv2.imencode(".jpg", bgr)[1].tobytes(), 6))


def with_exif_orientation(jpeg, orientation):
    """An APP1 Exif segment holding one Orientation tag, inserted after SOI."""
    tiff = b"MM\x00\x2a" + struct.pack(">I", 8) + struct.pack(">H", 1)
    tiff += struct.pack(">HHIHH", 0x0112, 3, 1, orientation, 0) + struct.pack(">I", 0)
    payload = b"Exif\x00\x00" + tiff
    segment = b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload
    return jpeg[:2] + segment + jpeg[2:]


def fnv1a64(data):
    h = 0xcbf29ce484222325
    for b in data:
        h = ((h ^ b) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
    return h


def model_seeds():
    """TF.js models whose manifests fit tfjs_model_fuzz's fixed 1,024-byte shard, and sealed archives."""
    shard = ["group1-shard1of1.bin"]
    every_dtype = [
        {"name": "conv/filter", "shape": [16, 8], "dtype": "float32"},
        {"name": "half", "shape": [64], "dtype": "float32", "quantization": {"dtype": "float16"}},
        {"name": "bytes", "shape": [2, 64], "dtype": "float32",
         "quantization": {"dtype": "uint8", "scale": 0.01, "min": -1.0}},
        {"name": "ints", "shape": [32], "dtype": "int32"},
        {"name": "flags", "shape": [128], "dtype": "bool"}]
    nodes = [{"name": "input", "op": "Placeholder", "attr": {"dtype": {"type": "DT_FLOAT"}}},
             {"name": "conv/filter", "op": "Const", "attr": {"dtype": {"type": "DT_FLOAT"}}},
             {"name": "half", "op": "Const", "attr": {"dtype": {"type": "DT_FLOAT"}}},
             {"name": "conv", "op": "Conv2D", "input": ["input", "conv/filter:0", "^half"],
              "attr": {"strides": {"list": {"i": ["1", "1", "1", "1"]}}, "padding": {"s": "U0FNRQ=="}}},
             {"name": "split", "op": "Split", "input": ["input"], "attr": {"num_split": {"i": "2"}}},
             {"name": "out", "op": "AddV2", "input": ["conv", "split:1"]}]
    signature = {"inputs": {"input:0": {"name": "input:0", "dtype": "DT_FLOAT",
                                        "tensorShape": {"dim": [{"size": "1"}, {"size": "-1"}, {"size": "8"}]}}},
                 "outputs": {"out:0": {"name": "out:0", "dtype": "DT_FLOAT"}}}
    model = {"format": "graph-model", "modelTopology": {"node": nodes}, "signature": signature,
             "weightsManifest": [{"paths": shard, "weights": every_dtype}]}
    write("tfjs_model_fuzz", "every-dtype.json", json.dumps(model, indent=1))
    model["weightsManifest"] = [{"paths": shard, "weights": [
        {"name": "ids", "shape": [512], "dtype": "int32", "quantization": {"dtype": "uint16", "scale": 1, "min": 0}}]}]
    write("tfjs_model_fuzz", "uint16-ints.json", json.dumps(model))
    archive = b"PK\x03\x04" + bytes(range(60)) + b"archive/data.pkl"
    seal = b"\nrefpose-fnv1a64:" + ("%016x" % fnv1a64(archive)).encode() + b"\n"
    write("sealed_archive_fuzz", "sealed.refpose", archive + seal)
    write("sealed_archive_fuzz", "empty-archive.refpose", b"\nrefpose-fnv1a64:" + ("%016x" % fnv1a64(b"")).encode() + b"\n")


if __name__ == "__main__":
    json_seeds()
    image_seeds()
    model_seeds()
