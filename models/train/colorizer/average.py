"""Average the weights of checkpoints of one run (stochastic weight averaging, done afterwards).

    /usr/bin/python3 models/train/colorizer/average.py --out runs/colorizer-stage5/avg.pt \
        runs/colorizer-stage5/step2000.pt runs/colorizer-stage5/step3000.pt runs/colorizer-stage5/last.pt

Why: on the CPU a stage is a few thousand steps, and the val hue numbers swing from checkpoint to
checkpoint (stage 5: warm share 0.32 at step 1,000, 0.42 at 2,000; blue recall 0.69 → 0.47) while
the lr is still high. The mean of late checkpoints of one run sits in the middle of that swing.
Floating tensors (weights and BatchNorm running statistics) are averaged; the rest — step, the
stages' record, args — comes from the last checkpoint given, so export.py records the stage as
usual. The checkpoints must be of one architecture. The average holds no numpy arrays, so one
made on a GPU machine (gpu_train.sh) loads here.
"""
import argparse
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from trainkit import load_checkpoint, save_checkpoint  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('ckpts', nargs='+')
    ap.add_argument('--out', required=True)
    a = ap.parse_args()
    cks = [load_checkpoint(p) for p in a.ckpts]
    base = cks[-1]
    avg = {}
    for k, v in base['model'].items():
        if torch.is_floating_point(v):
            avg[k] = sum(ck['model'][k].double() for ck in cks).div(len(cks)).to(v.dtype)
        else:
            avg[k] = v  # num_batches_tracked
    out = dict(base, model=avg, averaged=[os.path.basename(p) for p in a.ckpts])
    out.pop('opt', None)  # an average has no optimiser state to resume from (nor RNG state)
    out.pop('rng', None)
    # Plain lists, not numpy arrays: an average made on a GPU machine (numpy 2) is read back here
    # (Debian's numpy 1.24), which cannot unpickle numpy 2's arrays.
    for k in ('bins', 'prior'):
        out[k] = [v.tolist() if hasattr(v, 'tolist') else v for v in base[k]]
    save_checkpoint(a.out, out)
    print('%s: the mean of %d checkpoints (%s)' % (a.out, len(cks), ', '.join(out['averaged'])))


if __name__ == '__main__':
    main()
