"""Give the BatchNorm layers of a model read back from a shipped .onnx the statistics of the data.

An exported graph has every BatchNorm folded into its convolution, so `load_onnx_into` rebuilds
each BN as the identity plus a bias (running mean 0, variance 1). That is exact in eval mode, but
training runs BN in train mode, which normalises each channel by the batch's own mean and
variance: the pre-BN activations of a trained network are far from mean 0, variance 1, so the
first training step of a stage started with `--init model.onnx` computed a different function
from the model it started from: with 2.1.0, train-mode logits were off the shipped ones by 2.07
(mean |Δ|, the sample photos) and the rebalanced loss of a batch rose from 4.09 to 4.49; after
calibration 0.13 and 4.12. Stage 9 without it, at step 500, had a warm share of 0.13 on val
(2.1.0: 0.34); with it 0.22 (model card, stage 9).

calibrate() measures each BN's input mean and variance over a few training batches while the
model computes its shipped function (eval mode), then re-parameterises the BN so that
    gamma' (z - mu) / sqrt(var + eps) + beta'  ==  a z + c      (the function it computed)
with running statistics (mu, var): eval mode is unchanged exactly, and train mode, whose batch
statistics are close to (mu, var), starts where the shipped model is.
"""
import torch
import torch.nn as nn


@torch.no_grad()
def calibrate(model, batches):
    """batches: input tensors as the model takes them. Returns the number of BN layers set."""
    bns = [m for m in model.modules() if isinstance(m, nn.BatchNorm2d)]
    stats = {bn: [0.0, 0.0, 0] for bn in bns}

    def hook(bn, inputs):
        z = inputs[0]
        s = stats[bn]
        s[0] = s[0] + z.mean((0, 2, 3))
        s[1] = s[1] + z.var((0, 2, 3), unbiased=False)  # what train mode divides by
        s[2] += 1

    handles = [bn.register_forward_pre_hook(hook) for bn in bns]
    was_training = model.training
    model.eval()
    try:
        for x in batches:
            model(x)
    finally:
        for h in handles:
            h.remove()
        model.train(was_training)
    for bn in bns:
        total_mean, total_var, n = stats[bn]
        if n == 0:
            continue  # a BN the forward pass never reached
        mu, var = total_mean / n, total_var / n
        scale = bn.weight / torch.sqrt(bn.running_var + bn.eps)  # the eval function: a z + c
        shift = bn.bias - scale * bn.running_mean
        bn.running_mean.copy_(mu)
        bn.running_var.copy_(var)
        bn.weight.copy_(scale * torch.sqrt(var + bn.eps))
        bn.bias.copy_(shift + scale * mu)
    return sum(1 for bn in bns if stats[bn][2])


@torch.no_grad()
def precise_statistics(model, batches):
    """Recompute every BN's running statistics as the mean over `batches` of the batch statistics
    train mode normalises by ("precise BN"). A checkpoint's running statistics are an exponential
    average over roughly its last 10 batches (momentum 0.1), 160 crops whose sets and colours
    change from checkpoint to checkpoint; an average of checkpoints averages those too. The
    weights are not touched. Returns the number of BN layers set."""
    bns = [m for m in model.modules() if isinstance(m, nn.BatchNorm2d)]
    saved = [bn.momentum for bn in bns]
    for bn in bns:
        bn.reset_running_stats()
        bn.momentum = None  # None: a cumulative average over the batches seen
    was_training = model.training
    model.train()
    try:
        for x in batches:
            model(x)
    finally:
        for bn, m in zip(bns, saved):
            bn.momentum = m
        model.train(was_training)
    return len(bns)
