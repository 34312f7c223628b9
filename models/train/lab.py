"""CIE Lab (D65, sRGB companding) — the exact conversion the TypeScript engine uses.

Every constant here is part of the model contract: the network was trained on L computed
this way, so the engine must compute L (and decode ab) with the same numbers.
rgb is float in [0, 1]; L in [0, 100]; a, b roughly in [-128, 128].
Channel axis is last for numpy (..., 3) and 1 for torch (N, 3, H, W).
"""
import numpy as np

RGB_TO_XYZ = np.array([[0.4124564, 0.3575761, 0.1804375],
                       [0.2126729, 0.7151522, 0.0721750],
                       [0.0193339, 0.1191920, 0.9503041]], dtype=np.float64)
XYZ_TO_RGB = np.linalg.inv(RGB_TO_XYZ)
WHITE = np.array([0.95047, 1.0, 1.08883], dtype=np.float64)
EPSILON = 216 / 24389
KAPPA = 24389 / 27


# --- numpy -------------------------------------------------------------------------------

def _srgb_to_linear(c):
    return np.where(c > 0.04045, ((c + 0.055) / 1.055) ** 2.4, c / 12.92)


def _linear_to_srgb(c):
    c = np.clip(c, 0.0, 1.0)
    return np.where(c > 0.0031308, 1.055 * np.power(c, 1 / 2.4) - 0.055, 12.92 * c)


def _f(t):
    return np.where(t > EPSILON, np.cbrt(t), (KAPPA * t + 16) / 116)


def _f_inv(f):
    t3 = f ** 3
    return np.where(t3 > EPSILON, t3, (116 * f - 16) / KAPPA)


def rgb_to_lab(rgb):
    """(..., 3) sRGB in [0,1] -> (..., 3) Lab."""
    lin = _srgb_to_linear(np.asarray(rgb, dtype=np.float64))
    xyz = lin @ RGB_TO_XYZ.T / WHITE
    fx, fy, fz = _f(xyz[..., 0]), _f(xyz[..., 1]), _f(xyz[..., 2])
    return np.stack([116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)], axis=-1)


def lab_to_rgb(lab):
    """(..., 3) Lab -> (..., 3) sRGB in [0,1] (out-of-gamut colours are clipped)."""
    lab = np.asarray(lab, dtype=np.float64)
    fy = (lab[..., 0] + 16) / 116
    fx = fy + lab[..., 1] / 500
    fz = fy - lab[..., 2] / 200
    xyz = np.stack([_f_inv(fx), _f_inv(fy), _f_inv(fz)], axis=-1) * WHITE
    return _linear_to_srgb(xyz @ XYZ_TO_RGB.T)


def rgb_to_l(rgb):
    """(..., 3) sRGB in [0,1] -> (...) L only (what a grey photo gives the network)."""
    lin = _srgb_to_linear(np.asarray(rgb, dtype=np.float64))
    y = lin @ RGB_TO_XYZ[1]
    return 116 * _f(y) - 16


# --- torch (used inside the training loop, channel axis 1) ---------------------------------

def torch_rgb_to_lab(rgb):
    """(N, 3, H, W) float tensor in [0,1] -> (N, 3, H, W) Lab."""
    import torch
    lin = torch.where(rgb > 0.04045, ((rgb + 0.055) / 1.055) ** 2.4, rgb / 12.92)
    m = torch.as_tensor(RGB_TO_XYZ / WHITE[:, None], dtype=rgb.dtype, device=rgb.device)
    xyz = torch.einsum('ij,njhw->nihw', m, lin)
    f = torch.where(xyz > EPSILON, xyz.clamp_min(1e-12) ** (1 / 3), (KAPPA * xyz + 16) / 116)
    fx, fy, fz = f[:, 0], f[:, 1], f[:, 2]
    return torch.stack([116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)], dim=1)
