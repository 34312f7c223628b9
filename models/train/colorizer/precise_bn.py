"""Recompute a colorizer checkpoint's BatchNorm statistics over many batches of its training mix.

    /usr/bin/python3 models/train/colorizer/precise_bn.py --ckpt runs/colorizer-stage9/avg.pt \
        --out runs/colorizer-stage9/avg-bn.pt [--batches 64] [--clean | --clean-share 0.5] [--pack .gpu-pack]

Why: see bn_calibrate.precise_statistics. The batches are cut as training cuts them (the sets,
weights, crop, batch size and degradations in the checkpoint's args), from their own seed.
Run it on an average (average.py) before export.py.

--clean-share: the share of the batches cut from clean greys instead of degraded ones (degraded
batches already hold training's share of clean photos, train.py --clean-share: 20 % by default).
The statistics decide much of a stage's look: stage 10's average with those of degraded inputs
was cool on clean greys (warm 0.25 pooled), with those of clean ones best on clean greys but 1.5
AuC behind on print-damaged ones (model card), so the share is a choice between the two, scored
on both kinds of greys.
"""
import argparse
import os
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))
from bn_calibrate import precise_statistics  # noqa: E402
from data import CLEAN_SHARE, make_batch, tiny_images  # noqa: E402
from model import build  # noqa: E402
from photosets import load_mix  # noqa: E402
from train import normalise_L  # noqa: E402
from trainkit import load_checkpoint, save_checkpoint, log, use_cpu  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--ckpt', required=True)
    ap.add_argument('--out', required=True)
    ap.add_argument('--batches', type=int, default=64)
    ap.add_argument('--seed', type=int, default=4242)
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--clean', action='store_true', help='statistics of clean grey inputs, not degraded ones')
    ap.add_argument('--clean-share', type=float, default=None,
                    help='share of the batches cut from clean grey inputs, 0 … 1 (--clean: 1)')
    ap.add_argument('--pack', default=None,
                    help="a pack.py folder to read the sets from (default: the checkpoint's own --pack, "
                         "e.g. the copy a GPU machine trained on)")
    a = ap.parse_args()
    share = 1.0 if a.clean else (a.clean_share or 0.0)
    if not 0.0 <= share <= 1.0:
        raise SystemExit('precise_bn: --clean-share %g is outside 0 … 1' % share)
    use_cpu(a.threads)
    ck = load_checkpoint(a.ckpt)
    t = ck['args']
    if t.get('smoke'):
        images = tiny_images(4, 64)[0]
    elif t.get('sets'):
        pack = a.pack or t.get('pack')
        if pack and not os.path.isdir(pack):
            raise SystemExit('%s: its sets are read from the pack %s, which is not here (give --pack <a copy of it>)' % (a.ckpt, pack))
        images = load_mix(t['sets'], t['photos_dir'], t['set_size'], t['cache_dir'], t['min_chroma'],
                          max(2, a.threads), log, pack)
    else:
        raise SystemExit('%s: trained on --data-dirs, not --sets; precise_bn.py reads sets only' % a.ckpt)
    model = build(len(ck['bins']), ck)
    model.load_state_dict(ck['model'])
    rng = np.random.default_rng(a.seed)
    # Batch k is clean when k·share passes a whole number: the clean ones spread evenly through.
    clean = [int((k + 1) * share) > int(k * share) for k in range(a.batches)]
    batches = (normalise_L(torch.from_numpy(make_batch(images, t['batch'], t['crop'], rng,
                                                       degrade_input=not (c or t.get('no_degrade')),
                                                       film=t.get('film', 0.0),
                                                       clean_share=t.get('clean_share', CLEAN_SHARE))[0]))
               for c in clean)
    n = precise_statistics(model, batches)
    out = dict(ck, model=model.state_dict(), preciseBN={'batches': a.batches, 'seed': a.seed, 'clean': share == 1.0,
                                                       'cleanShare': share})
    save_checkpoint(a.out, out)
    log('%s: %d BatchNorm layers, statistics over %d batches of %d (%d clean) -> %s'
        % (a.ckpt, n, a.batches, t['batch'], sum(clean), a.out))


if __name__ == '__main__':
    main()
