"""Training crops: random geometry on (L, consensus) and photo-like degradations on L only.

Geometry is one affine warp per crop (grid_sample): 90-degree rotations, small angles, scale,
horizontal flip and a random centre. The consensus map is warped bilinearly — it is 3 px wide
after the 1-px dilation, so its centre keeps its value — and a warped all-ones map marks the
pixels that came from inside the photo (outside ones are ignored by the loss).

Degradations imitate old black-and-white prints, which is what the app segments: faded
contrast and lifted blacks, gamma, softness (blur) and film grain.
"""
import math

import torch
import torch.nn.functional as F


def random_warp(l, y, crop, g, scale=(0.6, 1.4), small_angle=15.0, p_small=0.5):
    """l, y: [h, w] tensors. -> (l, y, valid) each [crop, crop]."""
    h, w = l.shape
    k = int(torch.randint(4, (1,), generator=g))
    theta = k * math.pi / 2
    if float(torch.rand(1, generator=g)) < p_small:
        theta += math.radians(float(torch.empty(1).uniform_(-small_angle, small_angle, generator=g)))
    s = math.exp(float(torch.empty(1).uniform_(math.log(scale[0]), math.log(scale[1]), generator=g)))
    flip = -1.0 if float(torch.rand(1, generator=g)) < 0.5 else 1.0
    # Centre the crop so it stays mostly inside the photo (half-extent in source pixels).
    half = crop / (2 * s)
    cx = (w - 1) / 2 + float(torch.empty(1).uniform_(-1, 1, generator=g)) * max(0.0, (w - 1) / 2 - half)
    cy = (h - 1) / 2 + float(torch.empty(1).uniform_(-1, 1, generator=g)) * max(0.0, (h - 1) / 2 - half)
    # Output pixel offsets from the crop centre -> source pixel coordinates.
    t = torch.arange(crop, dtype=torch.float32) - (crop - 1) / 2
    v, u = torch.meshgrid(t, t, indexing="ij")
    u, v = u * flip / s, v / s
    c, sn = math.cos(theta), math.sin(theta)
    xs, ys = c * u - sn * v + cx, sn * u + c * v + cy
    grid = torch.stack([(2 * xs + 1) / w - 1, (2 * ys + 1) / h - 1], dim=-1)[None]
    src = torch.stack([l, y, torch.ones_like(l)])[None]
    out = F.grid_sample(src, grid, mode="bilinear", padding_mode="zeros", align_corners=False)[0]
    return out[0], out[1], out[2] > 0.999


def _gauss_blur(x, sigma):
    r = max(1, int(math.ceil(2.5 * sigma)))
    k = torch.exp(-(torch.arange(-r, r + 1, dtype=torch.float32) ** 2) / (2 * sigma ** 2))
    k = (k / k.sum()).to(x)
    x = F.conv2d(F.pad(x, (r, r, 0, 0), mode="reflect"), k.view(1, 1, 1, -1))
    return F.conv2d(F.pad(x, (0, 0, r, r), mode="reflect"), k.view(1, 1, -1, 1))


def degrade(l, g, strength=1.0):
    """l: [1, 1, H, W] L in 0..100 -> degraded L in 0..100 (an old print's look)."""
    def u(a, b):
        return float(torch.empty(1).uniform_(a, b, generator=g))

    x = l / 100.0
    if strength <= 0:
        return l
    # Tone: gamma, then a faded range (lifted black, dimmed white) and a contrast change.
    x = x.clamp(0, 1) ** math.exp(u(-0.35, 0.35) * strength)
    lo, hi = u(0, 0.15 * strength), 1 - u(0, 0.15 * strength)
    x = lo + (hi - lo) * x
    m = x.mean()
    x = (x - m) * math.exp(u(-0.4, 0.15) * strength) + m
    if float(torch.rand(1, generator=g)) < 0.4 * strength:
        x = _gauss_blur(x, u(0.3, 1.5))
    if float(torch.rand(1, generator=g)) < 0.6 * strength:
        noise = torch.randn(x.shape, generator=g)
        if float(torch.rand(1, generator=g)) < 0.5:  # coarser grain, as in enlarged film
            noise = _gauss_blur(noise, 0.7) * 2.0
        x = x + noise * u(0.005, 0.04)
    return (x.clamp(0, 1) * 100.0)


def make_batch(L, Y, batch, crop, g, scale=(0.6, 1.4), small_angle=15.0, degrade_strength=1.0):
    """Random crops from the in-RAM split. -> x [B,1,c,c] normalised, y [B,1,c,c], valid."""
    xs, ys, vs = [], [], []
    for _ in range(batch):
        i = int(torch.randint(len(L), (1,), generator=g))
        l, y, valid = random_warp(torch.from_numpy(L[i]), torch.from_numpy(Y[i]), crop, g,
                                  scale, small_angle)
        l = degrade(l[None, None], g, degrade_strength)[0, 0]
        xs.append((l - 50.0) / 50.0)
        ys.append(y)
        vs.append(valid)
    return torch.stack(xs)[:, None], torch.stack(ys)[:, None], torch.stack(vs)[:, None]
