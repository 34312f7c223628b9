"""Shared by export, parity, samples and evaluate: load a checkpoint, prepare L, decode ab.

Mirrors what the TypeScript engine does at inference: scale the photo so its long side is the
manifest's inputSize (each side a multiple of multipleOf), L -> (L-50)/50, run, decode with the
annealed mean, upsample ab bilinearly to the full size, keep the full-resolution L.
"""
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, HERE)

from lab import rgb_to_lab, lab_to_rgb  # noqa: E402
from model import build, shape_of_manifest  # noqa: E402
from target import annealed_mean  # noqa: E402
from trainkit import load_checkpoint as read_checkpoint  # noqa: E402

# TEMPERATURE: the decode the engine uses for the shipped model (models/colorizer.json, 0.5 since
# 2026-12-05); export.py writes it into every manifest, so a candidate is evaluated as it would ship.
L_MEAN, L_STD, STRIDE, MULTIPLE_OF, INPUT_SIZE, TEMPERATURE = 50.0, 50.0, 4, 16, 256, 0.5


def load_checkpoint(path):
    ck = read_checkpoint(path)
    model = build(len(ck['bins']), ck)
    model.load_state_dict(ck['model'])
    model.eval()
    return model, ck


def load_model(path):
    """(model in eval mode, {'bins': ...}) from a checkpoint, or from a shipped .onnx and the
    manifest beside it (weights read back with onnx_weights.py, as train.py --init does)."""
    if not path.endswith('.onnx'):
        return load_checkpoint(path)
    from onnx_weights import load_onnx_into, manifest_of
    man = manifest_of(path)
    if man is None:
        raise SystemExit('%s: its manifest (.json beside it) is needed to build the model' % path)
    model = build(len(man['bins']), shape_of_manifest(man.get('training')))
    load_onnx_into(model, path)
    return model.eval(), {'bins': np.asarray(man['bins'], np.float32)}


def working_size(w, h, size=INPUT_SIZE, multiple=MULTIPLE_OF):
    s = size / max(w, h)
    return (max(multiple, int(round(w * s / multiple)) * multiple),
            max(multiple, int(round(h * s / multiple)) * multiple))


@torch.no_grad()
def colorize(model, bins, rgb_u8, T=TEMPERATURE):
    """Colour photo (uint8 HxWx3) -> (grey L-only rgb, predicted rgb, logits), all at full size."""
    h, w = rgb_u8.shape[:2]
    lab_full = rgb_to_lab(rgb_u8.astype(np.float64) / 255)
    ww, wh = working_size(w, h)
    small = np.asarray(Image.fromarray(rgb_u8).resize((ww, wh), Image.BICUBIC))
    L = rgb_to_lab(small.astype(np.float64) / 255)[..., 0]
    x = torch.from_numpy(((L - L_MEAN) / L_STD).astype(np.float32))[None, None]
    logits = model(x)
    ab = annealed_mean(logits, bins, T)
    ab = F.interpolate(ab, size=(h, w), mode='bilinear', align_corners=False)[0].permute(1, 2, 0).numpy()
    pred = np.concatenate([lab_full[..., :1], ab], -1)
    grey = np.concatenate([lab_full[..., :1], np.zeros_like(ab)], -1)
    return lab_to_rgb(grey), lab_to_rgb(pred), logits, lab_full, pred
