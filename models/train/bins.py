"""The Q in-gamut ab bins (grid 10) and the smoothed ab prior — shipped in the manifest.

A bin is a grid-10 ab centre whose cell is hit by some 8-bit sRGB colour. Sorted by (a, b):
this order is the order of the logits' channels.
"""
import numpy as np

from lab import rgb_to_lab

GRID = 10


def gamut_bins(step=1):
    """Enumerate the 8-bit sRGB cube (every `step`-th level) and keep the hit ab cells."""
    levels = np.arange(0, 256, step, dtype=np.float64)
    if levels[-1] != 255:
        levels = np.append(levels, 255.0)
    hit = set()
    r = levels[:, None, None]
    for ri in range(len(levels)):  # one red slice at a time keeps memory small
        g, b = np.meshgrid(levels, levels, indexing='ij')
        rgb = np.stack([np.full_like(g, levels[ri]), g, b], axis=-1) / 255.0
        lab = rgb_to_lab(rgb.reshape(-1, 3))
        q = np.round(lab[:, 1:] / GRID).astype(np.int64) * GRID
        hit.update(map(tuple, np.unique(q, axis=0)))
    del r
    return np.array(sorted(hit), dtype=np.float32)  # (Q, 2), sorted by a then b


def smoothed_prior(counts, bins, sigma=5.0):
    """Gaussian-smooth a histogram over the bins in ab space (sigma in ab units), sum to 1."""
    p = counts / max(counts.sum(), 1e-12)
    d2 = ((bins[:, None, :] - bins[None, :, :]) ** 2).sum(-1)
    k = np.exp(-d2 / (2 * sigma ** 2))
    k /= k.sum(1, keepdims=True)  # each bin spreads its mass to neighbours, mass preserved
    s = k.T @ p
    return (s / s.sum()).astype(np.float64)


def rebalance_weights(prior, lam=0.5):
    """w ∝ ((1-λ)p̃ + λ/Q)^-1, normalised so that E_p̃[w] = 1."""
    q = len(prior)
    w = 1.0 / ((1 - lam) * prior + lam / q)
    return w / (prior * w).sum()


if __name__ == '__main__':
    import time
    t = time.time()
    b = gamut_bins(step=1)
    print('Q =', len(b), 'in %.1fs' % (time.time() - t))
    print('a range', b[:, 0].min(), b[:, 0].max(), 'b range', b[:, 1].min(), b[:, 1].max())
