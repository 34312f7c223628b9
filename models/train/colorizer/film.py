"""Old-film and early-plate looks for the grey input (training only).

Two things make frames of a 1910s film unlike a greyed colour photo, and the colorizer never saw
either before stage 6 (it paints Chaplin's lawn maroon and his face grey):
- the tones: orthochromatic film and early plates hardly see red and see blue strongly, so skin
  and red clothes come out dark and skies white; panchromatic film with a filter lies in between.
  The grey is rendered from linear RGB with a random spectral response instead of CIE Y.
- the damage of a projected print: vignetting, vertical scratches, dust, harsh contrast with
  crushed blacks and blown whites.
The target ab is always the clean photo's: the network learns the scene's colour from any tones.
"""
import numpy as np

from lab import RGB_TO_XYZ, _srgb_to_linear, _linear_to_srgb

Y_WEIGHTS = RGB_TO_XYZ[1]
# Linear-RGB responses (sum 1): orthochromatic film, a blue-sensitive plate, panchromatic with a
# yellow or red filter. Roughly the published sensitivity curves averaged over the sRGB primaries.
RESPONSES = np.array([
    [0.05, 0.55, 0.40],
    [0.00, 0.20, 0.80],
    [0.30, 0.60, 0.10],
    [0.50, 0.45, 0.05],
])


def film_grey(rgb_u8, rng):
    """8-bit grey of a colour photo as some old emulsion would have rendered it."""
    target = RESPONSES[rng.integers(len(RESPONSES))]
    t = rng.uniform(0.3, 1.0)  # from near-CIE Y to the full emulsion response
    w = (1 - t) * Y_WEIGHTS + t * target
    y = _srgb_to_linear(rgb_u8.astype(np.float64) / 255) @ (w / w.sum())
    return np.round(_linear_to_srgb(np.clip(y, 0, 1)) * 255).astype(np.uint8)


def film_damage(v, rng):
    """Vignetting, harsh contrast, scratches and dust on an 8-bit grey image."""
    x = v.astype(np.float32) / 255
    h, w = x.shape
    if rng.random() < 0.6:  # projector / lens vignetting
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        r2 = ((yy - h / 2) / (h / 2)) ** 2 + ((xx - w / 2) / (w / 2)) ** 2
        x = x * (1 - rng.uniform(0.1, 0.45) * np.clip(r2 / 2, 0, 1))
    if rng.random() < 0.5:  # duplicated prints: crushed blacks, blown whites
        lo, hi = rng.uniform(0, 0.12), rng.uniform(0.85, 1.0)
        x = (x - lo) / (hi - lo)
    if rng.random() < 0.5:  # vertical scratches, bright or dark
        for _ in range(int(rng.integers(1, 4))):
            c = int(rng.integers(0, w))
            x[:, c:c + int(rng.integers(1, 3))] += rng.choice([-1, 1]) * rng.uniform(0.15, 0.5)
    if rng.random() < 0.5:  # dust and dirt specks
        for _ in range(int(rng.integers(1, 12))):
            cy, cx, r = int(rng.integers(0, h)), int(rng.integers(0, w)), int(rng.integers(1, 3))
            x[max(0, cy - r):cy + r, max(0, cx - r):cx + r] = rng.choice([0.02, 0.98])
    return np.clip(x * 255 + 0.5, 0, 255).astype(np.uint8)
