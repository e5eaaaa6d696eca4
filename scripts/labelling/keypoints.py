"""The 17 COCO keypoint names in COCO order, for the labelling scripts. They mirror
core/schema/Keypoints.h, RefPose's one source of truth (kKeypointNames, first 17)."""
NAMES = ["nose", "left_eye", "right_eye", "left_ear", "right_ear", "left_shoulder", "right_shoulder",
         "left_elbow", "right_elbow", "left_wrist", "right_wrist", "left_hip", "right_hip",
         "left_knee", "right_knee", "left_ankle", "right_ankle"]
