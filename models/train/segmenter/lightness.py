"""Grey lightness L (CIE Lab, D65) from sRGB: the segmenter's input, per the model contract.

Uses the colorizer's models/train/lab.py when it is importable so both models share one
definition; the fallback below is the same formula (sRGB threshold 0.04045, exponent 2.4,
Y from linear RGB, L = 116 f(Y) - 16) so this folder also works on its own.
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
try:
    from lab import rgb_to_l as _shared_rgb_to_l  # models/train/lab.py
except Exception:  # pragma: no cover - only when the shared module is missing or broken
    _shared_rgb_to_l = None


def _own_rgb_to_l(rgb):
    c = np.asarray(rgb, dtype=np.float64)
    lin = np.where(c > 0.04045, ((c + 0.055) / 1.055) ** 2.4, c / 12.92)
    y = lin @ np.array([0.2126729, 0.7151522, 0.0721750])
    f = np.where(y > 216 / 24389, np.cbrt(y), (24389 / 27 * y + 16) / 116)
    return 116 * f - 16


def rgb_to_l(rgb):
    """(..., 3) sRGB in [0, 1] -> (...) L in [0, 100], float32."""
    fn = _shared_rgb_to_l or _own_rgb_to_l
    return np.asarray(fn(rgb), dtype=np.float32)


def normalize(l):
    """L in [0, 100] -> network input (L - 50) / 50 (manifest: mean 50, std 50)."""
    return (l - 50.0) / 50.0
