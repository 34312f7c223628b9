"""Where the warm cast (or its opposite) comes from, measured on BSDS500 val per pixel.

    /usr/bin/python3 models/train/colorizer/warm_cast.py [--model models/colorizer.onnx | run.pt] [--beta 0,0.5,1]

Two measurements, both at the engine's decode (annealed mean at the shipped T,
infer.TEMPERATURE, ab upsampled bilinearly):
1. Undoing the class rebalancing at decode: the weighted loss makes the network predict
   q ∝ w · posterior with w = ((1 − λ)·p̃ + λ/Q)^−1, so adding β·log((1 − λ)·p̃ + λ/Q) to the logits
   moves it back towards the plain posterior (β = 1). If the rebalancing caused the cast, the
   warm share would move to the truth's as β grows.
2. Where the truth's warm pixels (chroma > 8, hue 40–100°) go: grey, warm, red, green or blue.
The table printed has eval:color's per-pixel hue recall (chroma > 15 in the family, predicted
chroma > 8 within 45°), the warm share beside the truth's, mean chroma ÷ the truth's, AuC raw.
"""
import argparse
import glob
import json
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))
from infer import load_model, working_size, L_MEAN, L_STD, TEMPERATURE  # noqa: E402
from lab import rgb_to_lab  # noqa: E402

REPO = os.path.abspath(os.path.join(HERE, '..', '..', '..'))
FAMILIES = [('red', 345, 60), ('yellow', 60, 105), ('green', 105, 200), ('blue', 200, 300), ('purple', 300, 345)]


def hue(a, b):
    return np.degrees(np.arctan2(b, a)) % 360


def in_family(h, lo, hi):
    return ((h >= lo) | (h < hi)) if lo > hi else ((h >= lo) & (h < hi))


@torch.no_grad()
def photo_logits(model, photo_dir, limit=None):
    """[(logits at the engine's working size, the truth's Lab on every 2nd pixel)] for the photos
    of a folder (the shares change in the third decimal only without the other pixels)."""
    cache = []
    for f in sorted(glob.glob(os.path.join(photo_dir, '*.jpg')))[:limit]:
        rgb = np.asarray(Image.open(f).convert('RGB'))
        h, w = rgb.shape[:2]
        ww, wh = working_size(w, h)
        small = np.asarray(Image.fromarray(rgb).resize((ww, wh), Image.BICUBIC))
        L = rgb_to_lab(small.astype(np.float64) / 255)[..., 0]
        x = torch.from_numpy(((L - L_MEAN) / L_STD).astype(np.float32))[None, None]
        cache.append((model(x), rgb_to_lab(rgb[::2, ::2].astype(np.float64) / 255)))
    return cache


def decode(logits, bins, shape):
    """The engine's per-pixel decode: annealed mean at the shipped T, ab upsampled bilinearly."""
    p = torch.softmax(logits / TEMPERATURE, 1)
    ab = torch.einsum('bqhw,qc->bchw', p, bins)
    return F.interpolate(ab, size=shape, mode='bilinear', align_corners=False)[0].permute(1, 2, 0).numpy()


def score(cache, bins, shift):
    """eval:color's per-pixel numbers with `shift` (one value per bin) added to the logits:
    {'auc', 'chroma' (÷ the truth's), 'warm', 'truth_warm', 'recall': {family: share}}."""
    rec = {n: [0, 0] for n, _, _ in FAMILIES}
    warm, twarm, cp, ct, n, hist = [0, 0], [0, 0], 0.0, 0.0, 0, np.zeros(151)
    for logits, lab in cache:
        ab = decode(logits + shift[None, :, None, None], bins, lab.shape[:2])
        pc, ph = np.hypot(ab[..., 0], ab[..., 1]), hue(ab[..., 0], ab[..., 1])
        tc, th = np.hypot(lab[..., 1], lab[..., 2]), hue(lab[..., 1], lab[..., 2])
        cp, ct, n = cp + pc.sum(), ct + tc.sum(), n + pc.size
        d = np.abs((ph - th + 180) % 360 - 180)
        for name, lo, hi in FAMILIES:
            m = in_family(th, lo, hi) & (tc > 15)
            rec[name][0] += (m & (pc > 8) & (d <= 45)).sum()
            rec[name][1] += m.sum()
        warm[0] += ((pc > 8) & (ph >= 40) & (ph <= 100)).sum()
        warm[1] += (pc > 8).sum()
        twarm[0] += ((tc > 8) & (th >= 40) & (th <= 100)).sum()
        twarm[1] += (tc > 8).sum()
        e = np.hypot(ab[..., 0] - lab[..., 1], ab[..., 1] - lab[..., 2])
        hist += np.bincount(np.minimum(e, 151).astype(int).ravel(), minlength=152)[:151]
    return {'auc': (np.cumsum(hist) / n).mean(), 'chroma': cp / ct, 'warm': warm[0] / warm[1],
            'truth_warm': twarm[0] / twarm[1], 'recall': {k: v[0] / max(1, v[1]) for k, v in rec.items()}}


def score_row(s):
    """AuC raw | chroma ÷ truth | warm share (truth) | one recall per family, as table cells."""
    return ('%.3f | %.2f | %.3f (%.3f) | ' % (s['auc'], s['chroma'], s['warm'], s['truth_warm'])
            + ' | '.join('%.2f' % v for v in s['recall'].values()))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--model', default=os.path.join(REPO, 'models', 'colorizer.onnx'))
    ap.add_argument('--manifest', default=os.path.join(REPO, 'models', 'colorizer.json'), help='bins and prior')
    ap.add_argument('--val-dir', default=os.path.join(REPO, '..', 'shared', 'data', 'bsds500', 'val', 'images'))
    ap.add_argument('--beta', default='0,0.25,0.5,1')
    ap.add_argument('--lam', type=float, default=0.5)
    ap.add_argument('--threads', type=int, default=1)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    model, _ = load_model(a.model)
    man = json.load(open(a.manifest))
    bins = torch.tensor(np.asarray(man['bins'], np.float32))
    prior = np.asarray(man['prior'], np.float64)
    logw = torch.tensor(np.log((1 - a.lam) * prior + a.lam / len(prior)), dtype=torch.float32)
    cache = photo_logits(model, a.val_dir)
    print('| β | AuC raw | chroma ÷ truth | warm share (truth) | ' + ' | '.join(n for n, _, _ in FAMILIES) + ' |')
    print('|---' * (4 + len(FAMILIES)) + '|')
    for beta in [float(s) for s in a.beta.split(',')]:
        print('| %.2f | %s |' % (beta, score_row(score(cache, bins, beta * logw))), flush=True)

    goes = {'grey (chroma ≤ 8)': 0, 'warm 40–100°': 0, 'red < 40°': 0, 'green 100–200°': 0, 'blue/purple': 0}
    total = 0
    for logits, lab in cache:
        ab = decode(logits, bins, lab.shape[:2])
        pc, ph = np.hypot(ab[..., 0], ab[..., 1]), hue(ab[..., 0], ab[..., 1])
        tc, th = np.hypot(lab[..., 1], lab[..., 2]), hue(lab[..., 1], lab[..., 2])
        m = (tc > 8) & (th >= 40) & (th <= 100)
        c = m & (pc > 8)
        total += m.sum()
        goes['grey (chroma ≤ 8)'] += (m & (pc <= 8)).sum()
        goes['warm 40–100°'] += (c & (ph >= 40) & (ph <= 100)).sum()
        goes['red < 40°'] += (c & ((ph < 40) | (ph >= 345))).sum()
        goes['green 100–200°'] += (c & (ph > 100) & (ph < 200)).sum()
        goes['blue/purple'] += (c & (ph >= 200) & (ph < 345)).sum()
    print('\nthe truth\'s warm pixels are predicted as (β = 0): '
          + ', '.join('%s %.2f' % (k, v / max(1, total)) for k, v in goes.items()))


if __name__ == '__main__':
    main()
