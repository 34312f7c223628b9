"""Soft-encoded targets, the class-rebalanced loss, and annealed-mean decoding."""
import numpy as np
import torch
import torch.nn.functional as F

AB_RANGE = 128  # |a|, |b| of any sRGB colour stay below this


class SoftEncoder:
    """True ab -> its k nearest bins and Gaussian weights (sigma in ab units), Zhang et al. 2016.

    Searching all Q bins per pixel is slow on one CPU thread, so the k nearest bins are looked up
    among candidates from a table over the integer ab grid (the 12 bins nearest to the rounded
    ab always contain the 5 nearest to the true ab); the weights use the exact distances.
    Targets stay sparse (indices + weights): the loss gathers k log-probabilities per pixel.
    """

    def __init__(self, bins, k=5, sigma=5.0):
        self.bins = torch.as_tensor(bins, dtype=torch.float32)
        self.sigma = sigma
        g = torch.arange(-AB_RANGE, AB_RANGE + 1, dtype=torch.float32)
        grid = torch.stack(torch.meshgrid(g, g, indexing='ij'), -1).reshape(-1, 2)
        d2 = torch.cdist(grid, self.bins)
        self.k, n = k, max(12, k)
        self.table = d2.topk(n, dim=1, largest=False).indices.reshape(len(g), len(g), n)

    def to(self, device):
        """Look-ups on this device (a GPU run encodes its targets there)."""
        self.bins, self.table = self.bins.to(device), self.table.to(device)
        return self

    def __call__(self, ab, stride):
        """ab (B,2,H,W) -> idx (B,k,H/s,W/s) long, weight (B,k,H/s,W/s); idx[:,0] is the nearest."""
        ab = F.avg_pool2d(ab, stride) if stride > 1 else ab  # target at the output resolution
        ia = (ab[:, 0].round().clamp(-AB_RANGE, AB_RANGE) + AB_RANGE).long()
        ib = (ab[:, 1].round().clamp(-AB_RANGE, AB_RANGE) + AB_RANGE).long()
        cand = self.table[ia, ib].permute(0, 3, 1, 2)  # (B,12,h,w)
        d2 = ((self.bins[cand] - ab.permute(0, 2, 3, 1)[:, None]) ** 2).sum(-1)
        d2, j = d2.topk(self.k, dim=1, largest=False)  # sorted: j[:,0] is the nearest
        idx = cand.gather(1, j)
        wt = torch.softmax(-d2 / (2 * self.sigma ** 2), dim=1)  # normalised Gaussian weights
        return idx, wt


def rebalanced_ce(logits, idx, wt, weights):
    """Cross-entropy against the soft target, each pixel weighted by w[its nearest bin]."""
    logp = F.log_softmax(logits, dim=1).gather(1, idx)
    ce = -(wt * logp).sum(1)
    return (ce * weights[idx[:, 0]]).mean()


def ab_histogram(images, bins, step=4):
    """Counts of the nearest bin over (subsampled) pixels of all training images."""
    from lab import rgb_to_lab
    enc = SoftEncoder(bins, k=1)
    counts = np.zeros(len(bins), np.float64)
    for img in images:
        ab = rgb_to_lab(img[::step, ::step].astype(np.float64) / 255)[..., 1:]
        idx, _ = enc(torch.from_numpy(ab.transpose(2, 0, 1)[None].astype(np.float32)), 1)
        counts += np.bincount(idx.flatten().numpy(), minlength=len(bins))
    return counts


def annealed_mean(logits, bins, T=0.38):
    """logits (B,Q,h,w) -> ab (B,2,h,w): softmax(logits / T) · bin centres."""
    p = F.softmax(logits / T, dim=1)
    return torch.einsum('bqhw,qc->bchw', p, torch.as_tensor(bins, dtype=logits.dtype))
