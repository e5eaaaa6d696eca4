#!/usr/bin/python3
"""A contact sheet of rendered figures: a grid of thumbnails with their COCO keypoints.

Reads a `refpose-cli render-figures` folder and its annotations.json; visible points (v=2) are
filled dots, occluded ones (v=1) rings, unlabelled ones (v=0) are not drawn; the skeleton joins
the labelled points. Usage:
    scripts/contact-sheet.py DIR OUT.png [--count 24] [--columns 6] [--thumb 200]
"""
import argparse
import json
import os
import sys

import cv2
import numpy as np

# COCO limbs between the 17 keypoints, and a colour per side (BGR): left warm, right cool.
LIMBS = [(5, 7), (7, 9), (6, 8), (8, 10), (11, 13), (13, 15), (12, 14), (14, 16),
         (5, 6), (11, 12), (5, 11), (6, 12), (0, 1), (0, 2), (1, 3), (2, 4)]
LEFT, RIGHT, CENTRE = (40, 110, 255), (255, 160, 40), (60, 220, 60)


def colour_of(i):
    return CENTRE if i == 0 else (LEFT if i % 2 == 1 else RIGHT)


def thumbnail(image, keypoints, size):
    scale = size / max(image.shape[:2])
    thumb = cv2.resize(image, (round(image.shape[1] * scale), round(image.shape[0] * scale)),
                       interpolation=cv2.INTER_AREA)
    pts = [(keypoints[3 * i] * scale, keypoints[3 * i + 1] * scale, keypoints[3 * i + 2]) for i in range(17)]
    for a, b in LIMBS:
        if pts[a][2] > 0 and pts[b][2] > 0:
            cv2.line(thumb, (round(pts[a][0]), round(pts[a][1])), (round(pts[b][0]), round(pts[b][1])),
                     (255, 255, 255), 1, cv2.LINE_AA)
    for i, (x, y, v) in enumerate(pts):
        if v == 0:
            continue
        centre = (round(x), round(y))
        if v == 2:  # visible: a filled dot
            cv2.circle(thumb, centre, 3, colour_of(i), -1, cv2.LINE_AA)
        else:  # occluded: a hollow ring, white-edged so it reads on any colour
            cv2.circle(thumb, centre, 5, (255, 255, 255), 3, cv2.LINE_AA)
            cv2.circle(thumb, centre, 5, colour_of(i), 1, cv2.LINE_AA)
    return thumb


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder")
    parser.add_argument("out")
    parser.add_argument("--count", type=int, default=24)
    parser.add_argument("--columns", type=int, default=6)
    parser.add_argument("--thumb", type=int, default=200)
    args = parser.parse_args()
    coco_path = os.path.join(args.folder, "annotations.json")
    try:
        with open(coco_path) as f:
            coco = json.load(f)
    except (OSError, ValueError) as e:
        sys.exit(f"{coco_path}: cannot read the COCO file ({e})")
    by_image = {a["image_id"]: a for a in coco["annotations"]}
    images = coco["images"][: args.count]
    if not images:
        sys.exit(f"{coco_path}: no images")
    rows = (len(images) + args.columns - 1) // args.columns
    sheet = np.full((rows * args.thumb, args.columns * args.thumb, 3), 255, np.uint8)
    for n, info in enumerate(images):
        path = os.path.join(args.folder, info["file_name"])
        image = cv2.imread(path)
        if image is None:
            sys.exit(f"{path}: cannot read the image")
        thumb = thumbnail(image, by_image[info["id"]]["keypoints"], args.thumb)
        r, c = divmod(n, args.columns)
        sheet[r * args.thumb:r * args.thumb + thumb.shape[0], c * args.thumb:c * args.thumb + thumb.shape[1]] = thumb
    if not cv2.imwrite(args.out, sheet, [cv2.IMWRITE_PNG_COMPRESSION, 9]):
        sys.exit(f"{args.out}: cannot write the sheet")
    print(f"wrote {args.out}: {len(images)} figures, {os.path.getsize(args.out)} bytes")


if __name__ == "__main__":
    main()
