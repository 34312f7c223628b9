"""Colour statistics of the training sets beside BSDS500 val: which sets carry the warm colours.

    /usr/bin/python3 models/train/colorizer/set_stats.py [--per-set 1500]

Per set (the cached .npy arrays of photosets.py) and for BSDS500 val: of the pixels with chroma > 8,
the share whose CIE Lab hue is 40–100° (eval:color's "warm share"), and the share of pixels with
chroma > 15 in each hue family (red 345–60°, yellow 60–105°, green 105–200°, blue 200–300°, purple
300–345°). Used to choose the set weights of a stage: the mix's warm share should sit near that of
ordinary photos, or the network learns a cast (2.0.0's mix taught a cool one).
"""
import argparse
import glob
import os
import sys

import numpy as np
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from lab import rgb_to_lab  # noqa: E402

FAMILIES = [('red', 345, 60), ('yellow', 60, 105), ('green', 105, 200), ('blue', 200, 300), ('purple', 300, 345)]


def stats(rgb_uint8):
    """rgb (N, 3) uint8 pixels -> dict of shares."""
    lab = rgb_to_lab(rgb_uint8.astype(np.float64) / 255.0)
    a, b = lab[:, 1], lab[:, 2]
    c = np.hypot(a, b)
    h = np.degrees(np.arctan2(b, a)) % 360
    out = {'chroma': float(c.mean())}
    coloured = c > 8
    out['warm'] = float(((h >= 40) & (h <= 100) & coloured).sum() / max(1, coloured.sum()))
    strong = c > 15
    for name, lo, hi in FAMILIES:
        inside = (h >= lo) | (h < hi) if lo > hi else (h >= lo) & (h < hi)
        out[name] = float((inside & strong).sum() / len(c))
    return out


def pixels_of_array(arr, n, rng, step=4):
    idx = rng.choice(len(arr), size=min(n, len(arr)), replace=False)
    return arr[idx, ::step, ::step].reshape(-1, 3)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--cache-dir', default=os.path.join(os.path.dirname(HERE), '.cache'))
    ap.add_argument('--val-dir', default=os.path.join(HERE, '../../../../shared/data/bsds500/val/images'))
    ap.add_argument('--per-set', type=int, default=1500)
    ap.add_argument('--seed', type=int, default=0)
    args = ap.parse_args()
    rng = np.random.default_rng(args.seed)
    rows = []
    for f in sorted(glob.glob(os.path.join(args.cache_dir, 'set-*.npy'))):
        name = os.path.basename(f).split('-')[1]
        if name == 'tiny':
            name = 'tiny-imagenet'
        arr = np.load(f, mmap_mode='r')
        rows.append((name, len(arr), stats(pixels_of_array(arr, args.per_set, rng))))
    val = []
    for f in sorted(glob.glob(os.path.join(args.val_dir, '*.jpg'))):
        im = np.asarray(Image.open(f).convert('RGB'), dtype=np.uint8)
        val.append(im[::4, ::4].reshape(-1, 3))
    if val:
        rows.append(('bsds500-val (truth)', len(val), stats(np.concatenate(val))))
    keys = ['chroma', 'warm'] + [n for n, _, _ in FAMILIES]
    print('| set | photos | ' + ' | '.join(keys) + ' |')
    print('|---' * (len(keys) + 2) + '|')
    for name, n, s in rows:
        print('| %s | %d | ' % (name, n) + ' | '.join('%.3f' % s[k] if k != 'chroma' else '%.1f' % s[k] for k in keys) + ' |')


if __name__ == '__main__':
    main()
