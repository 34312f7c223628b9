"""Reference output for the TypeScript parity test (onnxruntime-node vs torch).

    /usr/bin/python3 models/train/segmenter/parity.py --ckpt models/train/runs/segmenter-main/best.pt [--onnx models/segmenter.onnx]

Prints JSON {"input": [...], "H": 32, "W": 48, "boundary": [...]}: a fixed seeded input (normalised
L, uniform in [-1, 1], row-major [1,1,H,W]) and torch's sigmoid(fused) for it, computed with the
training form of the net (pixel-difference convs un-baked), so the test also covers the export's
conversion. With --onnx and the Python onnxruntime installed it also reports the max difference.
"""
import argparse
import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checkpoint import load_net  # noqa: E402


def parity_input(h, w, seed=0):
    return np.random.default_rng(seed).uniform(-1, 1, (1, 1, h, w)).astype(np.float32)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ckpt", required=True)
    ap.add_argument("--onnx", default=None)
    ap.add_argument("--height", type=int, default=32)
    ap.add_argument("--width", type=int, default=48)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    torch.set_num_threads(1)

    x = parity_input(args.height, args.width, args.seed)
    with torch.no_grad():
        y = torch.sigmoid(load_net(args.ckpt)(torch.from_numpy(x))[-1]).numpy()
    out = {"input": x.ravel().tolist(), "H": args.height, "W": args.width,
           "boundary": y.ravel().tolist()}
    if args.onnx:
        try:
            import onnxruntime as ort
            r = ort.InferenceSession(args.onnx).run(["boundary"], {"L": x})[0]
            out["onnxMaxAbsDiff"] = float(np.abs(r - y).max())
        except ImportError:
            print("parity: python onnxruntime not installed, ONNX comparison left to the TS test",
                  file=sys.stderr)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
