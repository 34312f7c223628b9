"""Forward time of the boundary net (deploy form, plain convs) at working sizes, in torch.

    /usr/bin/python3 models/train/segmenter/bench.py --ckpt models/train/runs/segmenter-main/best.pt --threads 2

Landscape 3:2 working sizes rounded up to multiples of 16 (a 481x321 BSDS photo at long side 480
is 480x320). Median of --repeats runs after a warm-up. On a shared machine wall time includes whatever else
runs, so CPU time per forward (all threads together) is reported too: with --threads 1 it is what
the wall time would be on an idle core; report the load average with the numbers.
"""
import argparse
import json
import os
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from checkpoint import load_net  # noqa: E402
from net import Exported  # noqa: E402


def size_for(long_side, aspect=1.5):
    short = -(-round(long_side / aspect) // 16) * 16
    return short, long_side


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ckpt", required=True)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--sizes", type=int, nargs="+", default=[320, 480, 640])
    ap.add_argument("--repeats", type=int, default=7)
    ap.add_argument("--out", default=None)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    model = Exported(load_net(args.ckpt).deploy()).eval()
    res = {"threads": args.threads, "torch": torch.__version__, "loadavg": os.getloadavg()[0]}
    with torch.no_grad():
        for s in args.sizes:
            h, w = size_for(s)
            x = torch.zeros(1, 1, h, w)
            model(x)
            ts, cs = [], []
            for _ in range(args.repeats):
                t, c = time.perf_counter(), time.process_time()
                model(x)
                ts.append(time.perf_counter() - t)
                cs.append(time.process_time() - c)
            res[f"{w}x{h}"] = {"wallMs": round(sorted(ts)[len(ts) // 2] * 1000, 1),
                               "cpuMs": round(sorted(cs)[len(cs) // 2] * 1000, 1)}
    print(json.dumps(res))
    if args.out:
        with open(args.out, "w") as f:
            json.dump(res, f)


if __name__ == "__main__":
    main()
