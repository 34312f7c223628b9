"""Boundary precision / recall / F on BSDS500 val (ODS and OIS over a threshold sweep).

APPROXIMATION of the BSDS500 benchmark, not the benchmark itself: the official code thins the
prediction and matches predicted to human boundary pixels one-to-one (bipartite matching within
0.0075 x diagonal, about 4.3 px here). We thin with a simple non-maximum suppression and count
a pixel as matched when the other side has a boundary pixel within `tol` px (distance
transform, no one-to-one constraint). Precision: predicted pixels near ANY annotator's boundary;
recall: each annotator's pixels near the prediction, summed over annotators (as BSDS does).
Without one-to-one matching a looser tolerance would flatter thick maps, hence the default 2 px.

    /usr/bin/python3 models/train/segmenter/eval_boundary.py --ckpt models/train/runs/segmenter-main/best.pt
"""
import argparse
import json
import os
import sys
import time

import numpy as np
from scipy import ndimage

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import data  # noqa: E402

THRESHOLDS = np.round(np.arange(0.02, 1.0, 0.02), 2)


def nms(p, r=1):
    """Thin a boundary map: keep pixels that are maxima across the edge (orientation from the
    Hessian of the smoothed map, as in the structured-edge toolbox), zero the rest."""
    s = ndimage.gaussian_filter(p.astype(np.float64), 1.5)
    oy, ox = np.gradient(s)
    oxy, oxx = np.gradient(ox)
    oyy, _ = np.gradient(oy)
    o = np.mod(np.arctan(oyy * np.sign(-oxy) / (oxx + 1e-5)), np.pi)  # normal to the edge
    nx, ny = np.cos(o), np.sin(o)
    h, w = p.shape
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float64)
    keep = np.ones(p.shape, bool)
    for d in (-r, r):
        q = ndimage.map_coordinates(p, [yy + d * ny, xx + d * nx], order=1, mode="nearest")
        keep &= p >= q - 1e-6
    out = np.where(keep, p, 0.0)
    out[:2, :], out[-2:, :], out[:, :2], out[:, -2:] = 0, 0, 0, 0  # border artefacts
    return out.astype(np.float32)


def image_counts(pred, gts, tol=2.0, thresholds=THRESHOLDS):
    """-> array [T, 4]: matched-pred, all-pred, matched-gt, all-gt at each threshold."""
    near_gt = np.zeros(pred.shape, bool)  # within tol of any annotator
    for b in gts:
        near_gt |= ndimage.distance_transform_edt(~b) <= tol
    out = np.zeros((len(thresholds), 4))
    for i, t in enumerate(thresholds):
        e = pred >= t
        if e.any():
            near_e = ndimage.distance_transform_edt(~e) <= tol
        else:
            near_e = np.zeros_like(e)
        out[i] = [(e & near_gt).sum(), e.sum(),
                  sum((b & near_e).sum() for b in gts), sum(b.sum() for b in gts)]
    return out


def f_measure(c):
    p = c[..., 0] / np.maximum(c[..., 1], 1)
    r = c[..., 2] / np.maximum(c[..., 3], 1)
    return p, r, 2 * p * r / np.maximum(p + r, 1e-12)


def summarize(per_image, thresholds=THRESHOLDS):
    """ODS: one threshold for the data set; OIS: best threshold per image."""
    total = np.sum(per_image, axis=0)
    p, r, f = f_measure(total)
    k = int(np.argmax(f))
    ois = f_measure(np.stack([c[int(np.argmax(f_measure(c)[2]))] for c in per_image]).sum(0))[2]
    return {"odsF": float(f[k]), "odsThreshold": float(thresholds[k]), "precision": float(p[k]),
            "recall": float(r[k]), "oisF": float(ois), "images": len(per_image)}


def predict(net, l):
    """L [h, w] 0..100 -> boundary probability [h, w]; pads (reflect) to a multiple of 16."""
    import torch
    import torch.nn.functional as F
    h, w = l.shape
    x = torch.from_numpy((l - 50.0) / 50.0)[None, None].float()
    ph, pw = (-h) % 16, (-w) % 16
    x = F.pad(x, (0, pw, 0, ph), mode="reflect")
    with torch.no_grad():
        p = torch.sigmoid(net(x)[-1])[0, 0, :h, :w]
    return p.numpy()


def load_eval_set(split_dir, limit=None):
    """[(L [h, w], [annotator boundary maps])] for the first `limit` images of a split."""
    return [(data.load_l(split_dir, i), [data.seg_boundary(s) for s in data.load_segs(split_dir, i)])
            for i in data.image_ids(split_dir)[:limit]]


def evaluate(net, items, tol=2.0, thin=True, thresholds=THRESHOLDS):
    """items from load_eval_set -> summary dict (ODS/OIS F, precision, recall)."""
    per_image = []
    for l, gts in items:
        p = predict(net, l)
        per_image.append(image_counts(nms(p) if thin else p, gts, tol, thresholds))
    return summarize(per_image, thresholds)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ckpt", required=True)
    ap.add_argument("--split", default=os.path.join(data.DEFAULT_DATA, "val"))
    ap.add_argument("--limit", type=int, default=None, help="first N images only")
    ap.add_argument("--tol", type=float, nargs="+", default=[2.0], help="match distance(s) in px")
    ap.add_argument("--no-thin", action="store_true", help="skip NMS")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--out", default=None, help="write the JSON result here too")
    args = ap.parse_args()

    import torch
    from checkpoint import load_net
    torch.set_num_threads(args.threads)
    net = load_net(args.ckpt)
    t0 = time.time()
    items = load_eval_set(args.split, args.limit)
    res = {"split": os.path.relpath(args.split, data.REPO_ROOT), "thinned": not args.no_thin,
           "note": "approximation of the BSDS500 benchmark (distance-based, no 1:1 matching)",
           "byTolerance": {}}
    for tol in args.tol:
        res["byTolerance"][str(tol)] = evaluate(net, items, tol, not args.no_thin)
    res["seconds"] = round(time.time() - t0, 1)
    print(json.dumps(res, indent=1))
    if args.out:
        with open(args.out, "w") as f:
            json.dump(res, f, indent=1)


if __name__ == "__main__":
    main()
