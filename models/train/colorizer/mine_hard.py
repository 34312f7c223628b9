"""Pick the training photos a model colours worst, as a set of their own for the next stage.

    /usr/bin/python3 models/train/colorizer/mine_hard.py --model models/colorizer.onnx \
        --sets <train.py's --sets> --per-set 5000 --keep 0.15 --out models/train/.cache/photos/hard

Why: the largest error of every stage is semantic (dry grass, sand, wood and fur painted as
foliage; foliage and sky left grey; model card, "Where the warm pixels go"), and stages that only
re-weighted whole sets traded warm against green. This scores photos of the TRAINING sets (never
val) by eval:color's hue-recall rule — of the pixels with true chroma > 15, those not predicted
with chroma > 8 within 45° of the true hue, counted only where the card's confusion lies (see
missed_share) — and writes each set's worst `--keep` share (by missed
pixels per pixel) into one folder, so `train.py --sets … hard=0.25` shows those photos more often
without changing the sets' balance (every set gives the same share of its own photos).

Photos are scored as train.py crops them: the set's square at 176 px (Tiny ImageNet's 64 px
squares scaled up to it), decoded at the engine's T. Written as PNG at 176 px.

Measured once (model card, stage 19): mined from 2.2.0 this way the set was 28 % blue pixels
(skies and seas are the easiest misses to find), and a stage with a quarter of its draws from it
learnt to paint blue everywhere. A next use should cap each family's share of the mined pixels.
"""
import argparse
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))
from infer import load_model, L_MEAN, L_STD, TEMPERATURE  # noqa: E402
from lab import rgb_to_lab  # noqa: E402
from photosets import load_set, parse_specs  # noqa: E402
from target import annealed_mean  # noqa: E402
from warm_cast import hue  # noqa: E402

REPO = os.path.abspath(os.path.join(HERE, '..', '..', '..'))
SIZE = 176


def missed_share(ab_pred, lab_true):
    """Share of all pixels the model gets wrong in the way the card names as its largest error:
    true green or blue (chroma > 15, hue 105–300°) missed by the hue-recall rule, or true red or
    yellow (chroma > 15, hue 345–105°) painted green (chroma > 8, hue 105–200°). Other misses are
    not counted: a purple shirt or a red car missed is a colour the grey cannot tell, and mining
    those would teach noise; sky, foliage, grass and sand are told by texture and context."""
    pc, ph = np.hypot(ab_pred[..., 0], ab_pred[..., 1]), hue(ab_pred[..., 0], ab_pred[..., 1])
    tc, th = np.hypot(lab_true[..., 1], lab_true[..., 2]), hue(lab_true[..., 1], lab_true[..., 2])
    d = np.abs((ph - th + 180) % 360 - 180)
    hit = (pc > 8) & (d <= 45)
    cool = (tc > 15) & (th >= 105) & (th < 300)
    warm = (tc > 15) & ((th >= 345) | (th < 105))
    painted_green = (pc > 8) & (ph >= 105) & (ph < 200)
    return float(((cool & ~hit) | (warm & painted_green)).mean())


def at_size(im):
    """A set's square at SIZE px (Tiny ImageNet's 64 px scaled up, as train.py's crop does)."""
    return im if im.shape[0] == SIZE else np.asarray(Image.fromarray(im).resize((SIZE, SIZE), Image.BICUBIC))


@torch.no_grad()
def score_photos(model, bins, photos, batch=32):
    """One missed share per photo (uint8 squares of one size): the annealed mean of the network's
    1/4-resolution logits, upsampled bilinearly, as the engine decodes."""
    out = []
    for i in range(0, len(photos), batch):
        rgb = np.stack([at_size(p) for p in photos[i:i + batch]])
        lab = rgb_to_lab(rgb.astype(np.float64) / 255)
        x = torch.from_numpy(((lab[..., 0] - L_MEAN) / L_STD).astype(np.float32))[:, None]
        ab = annealed_mean(model(x), bins, TEMPERATURE)
        ab = F.interpolate(ab, size=(SIZE, SIZE), mode='bilinear', align_corners=False).permute(0, 2, 3, 1).numpy()
        out += [missed_share(ab[k], lab[k]) for k in range(len(rgb))]
    return np.asarray(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--model', default=os.path.join(REPO, 'models', 'colorizer.onnx'))
    ap.add_argument('--sets', nargs='+', required=True, help="train.py's --sets (weights are ignored)")
    ap.add_argument('--photos-dir', default=os.path.join(REPO, 'models', 'train', '.cache', 'photos'))
    ap.add_argument('--cache-dir', default=os.path.join(REPO, 'models', 'train', '.cache'))
    ap.add_argument('--per-set', type=int, default=5000, help='photos scored per set (a random sample)')
    ap.add_argument('--keep', type=float, default=0.15, help="share of each set's scored photos written")
    ap.add_argument('--min-missed', type=float, default=0.1,
                    help='never keep a photo with a smaller missed share (UTKFace: nearly all are ~0)')
    ap.add_argument('--out', required=True)
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--seed', type=int, default=0)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    model, ck = load_model(a.model)
    bins = torch.tensor(np.asarray(ck['bins'], np.float32))
    rng = np.random.default_rng(a.seed)
    os.makedirs(a.out, exist_ok=True)
    for name, _, dirs in parse_specs(a.sets, a.photos_dir):
        arr = load_set(name, dirs, SIZE, a.cache_dir, 5.0, 2, print, in_ram=False)
        idx = np.sort(rng.choice(len(arr), min(a.per_set, len(arr)), replace=False))
        s = score_photos(model, bins, arr[idx])
        top = np.argsort(-s)[:max(1, int(round(a.keep * len(idx))))]
        top = top[s[top] >= a.min_missed]
        for k in top:
            im = at_size(arr[idx[k]])
            path = os.path.join(a.out, '%s-%06d.png' % (name, idx[k]))
            Image.fromarray(im).save(path + '.tmp.png')
            os.replace(path + '.tmp.png', path)
        print('%s: %d scored, missed share mean %.3f, kept %d with %s'
              % (name, len(idx), s.mean(), len(top),
                 '%.3f … %.3f' % (s[top].min(), s[top].max()) if len(top) else '–'), flush=True)


if __name__ == '__main__':
    main()
