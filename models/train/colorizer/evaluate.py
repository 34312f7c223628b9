"""Validation metrics on BSDS500 val for one or more checkpoints (and the grey baseline).

    /usr/bin/python3 models/train/colorizer/evaluate.py models/train/runs/colorizer-main/last.pt

Per checkpoint: rebalanced CE (training loss, 1/4 resolution), AuC of the cumulative ab-error
curve over thresholds 0..150 (raw and class-rebalanced with weights 1/p of the truth's bin,
pooled over all pixels at full resolution), PSNR on 8-bit RGB, mean chroma prediction vs truth.
"""
import argparse
import json
import os

import numpy as np
import torch

from infer import load_checkpoint, colorize, HERE, working_size, STRIDE, L_MEAN, L_STD
from data import list_images
from target import SoftEncoder, rebalanced_ce
from bins import rebalance_weights
from lab import rgb_to_lab
from PIL import Image

REPO = os.path.abspath(os.path.join(HERE, '..', '..', '..'))


class Curve:
    """Accumulates (weighted) ab-error histograms; AuC = mean over t of share with error <= t."""

    def __init__(self):
        self.h = np.zeros(151)
        self.total = 0.0

    def add(self, err, w):
        self.h += np.bincount(np.minimum(err, 151).astype(np.int64).ravel(), weights=w.ravel(), minlength=152)[:151]
        self.total += w.sum()

    def auc(self):
        return float((np.cumsum(self.h) / self.total).mean())


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('ckpts', nargs='+')
    p.add_argument('--val-dir', default=os.path.join(REPO, '..', 'shared', 'data', 'bsds500', 'val', 'images'))
    p.add_argument('--count', type=int, default=100)
    p.add_argument('--threads', type=int, default=1)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    files = list_images([a.val_dir])[:a.count]
    photos = [np.asarray(Image.open(f).convert('RGB')) for f in files]
    results = {}
    grey_done = False
    for path in a.ckpts:
        model, ck = load_checkpoint(path)
        bins = torch.as_tensor(ck['bins'])
        prior = np.asarray(ck['prior'])
        enc = SoftEncoder(bins)
        nearest = SoftEncoder(bins, k=1)
        weights = torch.as_tensor(rebalance_weights(prior, ck['args']['lam']), dtype=torch.float32)
        inv_p = 1 / np.maximum(prior, 1e-6)
        raw, reb, graw, greb = Curve(), Curve(), Curve(), Curve()
        ce, psnr, gpsnr, cp, ct = [], [], [], [], []
        for rgb in photos:
            _, pred, logits, lab, pred_lab = colorize(model, bins, rgb)
            truth_ab = lab[..., 1:]
            err = np.linalg.norm(pred_lab[..., 1:] - truth_ab, axis=-1)
            gerr = np.linalg.norm(truth_ab, axis=-1)
            t = torch.from_numpy(truth_ab.transpose(2, 0, 1)[None].astype(np.float32))
            w = inv_p[nearest(t, 1)[0][0, 0].numpy()]
            raw.add(err, np.ones_like(err)); reb.add(err, w)
            graw.add(gerr, np.ones_like(err)); greb.add(gerr, w)
            mse = ((np.round(pred * 255) - rgb.astype(np.float64)) ** 2).mean()
            psnr.append(10 * np.log10(255 ** 2 / mse))
            from lab import lab_to_rgb
            gmse = ((np.round(lab_to_rgb(np.concatenate([lab[..., :1], 0 * truth_ab], -1)) * 255) - rgb) ** 2).mean()
            gpsnr.append(10 * np.log10(255 ** 2 / gmse))
            # Training loss at the network's resolution, against the truth at the same size.
            ww, wh = logits.shape[3] * STRIDE, logits.shape[2] * STRIDE
            small = np.asarray(Image.fromarray(rgb).resize((ww, wh), Image.BICUBIC))
            sab = torch.from_numpy(rgb_to_lab(small / 255.0)[..., 1:].transpose(2, 0, 1)[None].astype(np.float32))
            ce.append(rebalanced_ce(logits, *enc(sab, STRIDE), weights).item())
            cp.append(np.linalg.norm(pred_lab[..., 1:], axis=-1).mean())
            ct.append(np.linalg.norm(truth_ab, axis=-1).mean())
        results[path] = {'arch': ck['arch'], 'steps': ck['step'], 'images': len(photos),
                         'ce_rebal': round(float(np.mean(ce)), 4), 'auc_raw': round(raw.auc(), 4),
                         'auc_rebal': round(reb.auc(), 4), 'psnr': round(float(np.mean(psnr)), 2),
                         'chroma_pred': round(float(np.mean(cp)), 2), 'chroma_true': round(float(np.mean(ct)), 2)}
        if not grey_done:
            results['grey baseline'] = {'auc_raw': round(graw.auc(), 4), 'auc_rebal': round(greb.auc(), 4),
                                        'psnr': round(float(np.mean(gpsnr)), 2), 'chroma_pred': 0.0}
            grey_done = True
        print(json.dumps({path: results[path]}), flush=True)
    print(json.dumps(results, indent=1))


if __name__ == '__main__':
    main()
