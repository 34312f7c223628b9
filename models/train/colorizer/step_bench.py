"""Seconds per training step of the colorizer network alone (forward, loss, backward, Adam; no batch
making, no data), in float32 and bfloat16, contiguous and channels-last: what `train.py --bf16`
buys on this machine before a stage is started with it.

    /usr/bin/python3 models/train/colorizer/step_bench.py [--batch 16] [--crop 128] [--extra-blocks 1] [--threads 2]

Prints one line per variant: the median of --steps timed steps after two warm-up steps. A whole
training step adds the batch making (~0.1 s for 16 crops on one core), which train.py's log shows.
"""
import argparse
import os
import statistics
import sys
import time

import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [HERE, os.path.dirname(HERE)]
import trainkit  # noqa: E402
from model import Colorizer  # noqa: E402

Q = 313  # bins of the full gamut; the data's (261-ish) make no difference to the time


def seconds_per_step(a, bf16, layout):
    torch.manual_seed(0)
    model = Colorizer(Q, width=a.width, extra_blocks=a.extra_blocks).to(memory_format=layout)
    opt = torch.optim.Adam(model.parameters(), 1e-4)
    x = torch.randn(a.batch, 1, a.crop, a.crop).contiguous(memory_format=layout)
    y = torch.randint(0, Q, (a.batch, a.crop // 4, a.crop // 4))
    times = []
    for _ in range(a.steps + 2):
        t = time.perf_counter()
        with torch.autocast('cpu', dtype=torch.bfloat16, enabled=bf16):
            logits = model(x)
        loss = F.cross_entropy(logits.float(), y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        times.append(time.perf_counter() - t)
    return statistics.median(times[2:])


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--batch', type=int, default=16)
    p.add_argument('--crop', type=int, default=128)
    p.add_argument('--width', type=int, default=192)
    p.add_argument('--extra-blocks', type=int, default=1)
    p.add_argument('--threads', type=int, default=2)
    p.add_argument('--steps', type=int, default=8)
    a = p.parse_args()
    trainkit.use_cpu(a.threads)  # threads and denormals as in every training run
    for bf16 in (False, True):
        for name, layout in (('contiguous', torch.contiguous_format), ('channels-last', torch.channels_last)):
            s = seconds_per_step(a, bf16, layout)
            print('%-8s %-13s %.3f s/step  (batch %d, crop %d, %d extra blocks, %d threads)'
                  % ('bfloat16' if bf16 else 'float32', name, s, a.batch, a.crop, a.extra_blocks, a.threads),
                  flush=True)


if __name__ == '__main__':
    main()
