"""Checkpoints: what train.py saves and how export / eval / parity get a net back.

Saving, loading and the RNG states are ../trainkit.py's (shared with the colorizer); this file
knows what a segmenter checkpoint holds. A .npz of the state dict (plus 'width') loads too: the
test fixture's weights are stored that way, since git ignores *.pt.
"""
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # models/train
import trainkit  # noqa: E402
from net import BoundaryNet  # noqa: E402


def save(path, net, opt, step, wall_s, args, best_f, gen):
    """gen: the augmentation generator (its state goes into 'rng' with the global ones)."""
    trainkit.save_checkpoint(path, {
        "model": net.state_dict(), "opt": opt.state_dict() if opt else None, "step": step,
        "wall_s": wall_s, "args": vars(args), "best_f": best_f, "rng": trainkit.rng_state(gen)})


def load(path):
    """A checkpoint dict; older ones are brought up to date ('elapsed', args 'run' and 'wd')."""
    if path.endswith(".npz"):
        return load_npz(path)
    ck = trainkit.load_checkpoint(path)
    a = ck["args"]
    a.setdefault("name", a.get("run"))
    a.setdefault("weight_decay", a.get("wd"))
    return ck


def load_npz(path):
    with np.load(path) as z:
        state = {k: torch.from_numpy(z[k]) for k in z.files if k != "width"}
        width = int(z["width"])
    return {"model": state, "step": 0, "wall_s": 0.0, "args": {"width": width, "name": os.path.basename(path)}}


def save_npz(path, net, width):
    """The weights alone, as numpy arrays (for a fixture that git should keep)."""
    np.savez(path, width=np.int64(width), **{k: v.detach().numpy() for k, v in net.state_dict().items()})


def load_net(path):
    """-> BoundaryNet (training form, eval mode) with the checkpoint's weights."""
    ck = load(path)
    net = BoundaryNet(width=ck["args"]["width"])
    net.load_state_dict(ck["model"])
    return net.eval()
