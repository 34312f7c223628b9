"""Would a logit offset on the warm bins, chosen on training photos, fix a stage's warm share?

    /usr/bin/python3 models/train/colorizer/warm_bias.py --model run.pt|model.onnx [--photos <dir>] [--deltas 0,0.1,0.2]

Why: a fine-tuned stage can end up cooler than val's truth (stage 13: warm share 0.32 per pixel
and 0.25 with regions pooled, where the truth has 0.36; model card). The decode takes the annealed
mean of softmax(logits / T), so adding δ to the logits of the warm bins (hue 40–100°, the warm
share's own band, chroma ≥ 10) moves mass to them in proportion to what the network already gives
them, at any T — a logit adjustment, the same kind of term as the class rebalancing, and free to
fold into the head's bias. Such a δ may only be chosen on TRAINING photos (BSDS500 train by
default: the same kind of photo as val, never val itself); this prints, per δ, eval:color's
per-pixel numbers on them. Measured 2026-12-06 (model card, stage 14): on BSDS500 train stage 13
is already warmer than the truth (0.354 against 0.329; 2.1.0: 0.403), so the offset training
photos ask for is negative — the cool val is not a calibration error of the network.
"""
import argparse
import os
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))
from infer import load_model  # noqa: E402
from warm_cast import FAMILIES, hue, photo_logits, score, score_row  # noqa: E402

REPO = os.path.abspath(os.path.join(HERE, '..', '..', '..'))
WARM_LO, WARM_HI, MIN_CHROMA = 40.0, 100.0, 10.0


def warm_bins(bins):
    """Mask of the bins the offset lifts: the warm share's hue band, away from the grey centre."""
    b = np.asarray(bins, np.float64)
    h = hue(b[:, 0], b[:, 1])
    return (np.hypot(b[:, 0], b[:, 1]) >= MIN_CHROMA) & (h >= WARM_LO) & (h <= WARM_HI)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--model', required=True, help='a checkpoint (.pt) or an exported .onnx with its manifest')
    ap.add_argument('--photos', default=os.path.join(REPO, '..', 'shared', 'data', 'bsds500', 'train', 'images'),
                    help='training photos to calibrate on (never the val set)')
    ap.add_argument('--limit', type=int, default=100)
    ap.add_argument('--deltas', default='0,0.1,0.2,0.3,0.4')
    ap.add_argument('--threads', type=int, default=1)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)

    model, meta = load_model(a.model)
    bins = torch.tensor(np.asarray(meta['bins'], np.float32))
    mask = torch.from_numpy(warm_bins(meta['bins']).astype(np.float32))
    cache = photo_logits(model, a.photos, a.limit)
    print('%d photos from %s; %d of %d bins warm' % (len(cache), a.photos, int(mask.sum()), len(mask)))
    print('| δ | AuC raw | chroma ÷ truth | warm share (truth) | ' + ' | '.join(n for n, _, _ in FAMILIES) + ' |')
    print('|---' * (4 + len(FAMILIES)) + '|')
    for d in [float(s) for s in a.deltas.split(',')]:
        print('| %.2f | %s |' % (d, score_row(score(cache, bins, d * mask))), flush=True)


if __name__ == '__main__':
    main()
