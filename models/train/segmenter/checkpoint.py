"""Checkpoints: what train.py saves and how export / eval / parity get a net back."""
import os

import torch

from net import BoundaryNet


def save(path, net, opt, step, elapsed, args, best_f, gen_state):
    tmp = path + ".tmp"
    torch.save({"model": net.state_dict(), "opt": opt.state_dict() if opt else None,
                "step": step, "elapsed": elapsed, "args": vars(args), "best_f": best_f,
                "gen": gen_state, "torch_rng": torch.get_rng_state()}, tmp)
    os.replace(tmp, path)  # a kill mid-save never leaves a broken checkpoint


def load(path):
    return torch.load(path, map_location="cpu")


def load_net(path):
    """-> BoundaryNet (training form, eval mode) with the checkpoint's weights."""
    ck = load(path)
    net = BoundaryNet(width=ck["args"]["width"])
    net.load_state_dict(ck["model"])
    return net.eval()
