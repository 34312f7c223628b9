"""Contact sheet of val photos: grey input | boundary map (dark = boundary), for the model card.

    /usr/bin/python3 models/train/segmenter/samples.py --ckpt models/train/runs/segmenter-main/best.pt

Writes models/segmenter-samples.png (greyscale PNG, downscaled to stay well under 1 MB).
"""
import argparse
import os
import sys

import numpy as np
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import data  # noqa: E402
from eval_boundary import predict  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ckpt", required=True)
    ap.add_argument("--split", default=os.path.join(data.DEFAULT_DATA, "val"))
    ap.add_argument("--index", type=int, nargs="+", default=[3, 30, 55, 70], help="which landscape val images")
    ap.add_argument("--scale", type=float, default=0.75)
    ap.add_argument("--out", default=os.path.abspath(os.path.join(HERE, "..", "..", "segmenter-samples.png")))
    args = ap.parse_args()
    import torch
    from checkpoint import load_net
    torch.set_num_threads(1)
    net = load_net(args.ckpt)
    # Landscape photos only, so rows line up without rotating anyone's photo.
    ids = [i for i in data.image_ids(args.split)
           if np.subtract(*Image.open(os.path.join(args.split, "images", i + ".jpg")).size) > 0]
    rows = []
    for i in args.index:
        l = data.load_l(args.split, ids[i])
        p = predict(net, l)
        row = np.concatenate([l * 2.55, np.full((l.shape[0], 8), 255.0), (1 - p) * 255], axis=1)
        rows += [row, np.full((8, row.shape[1]), 255.0)]
    sheet = Image.fromarray(np.clip(np.concatenate(rows[:-1]), 0, 255).astype(np.uint8))
    sheet = sheet.resize((round(sheet.width * args.scale), round(sheet.height * args.scale)), Image.LANCZOS)
    sheet.save(args.out, optimize=True)
    print(f"{args.out}: {sheet.size}, {os.path.getsize(args.out)} bytes")


if __name__ == "__main__":
    main()
