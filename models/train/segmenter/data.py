"""BSDS500 for the boundary net: grey L + annotator-consensus boundary labels, held in RAM.

Labels (RCF-style): each annotator's boundary = pixels whose right or lower neighbour has another
label (the data README's definition), dilated by 1 px so that annotators who traced the same edge
a pixel apart agree; the consensus is the fraction of annotators marking a pixel. The loss turns
it into positive (>= eta), negative (0) and ignored (in between).

Portrait images are stored transposed so that a split stacks into one array; the random
90-degree rotations and flips of the augmentation make the orientation irrelevant.
"""
import hashlib
import os

import numpy as np
from PIL import Image
from scipy import ndimage

from lightness import rgb_to_l

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
DEFAULT_DATA = os.path.join(REPO_ROOT, "..", "shared", "data", "bsds500")
CACHE_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), ".cache")


def image_ids(split_dir):
    names = sorted(os.listdir(os.path.join(split_dir, "images")))
    return [os.path.splitext(n)[0] for n in names if n.lower().endswith((".jpg", ".jpeg", ".png"))]


def seg_boundary(seg):
    """Boundary pixels of a label map: right or lower neighbour has another label."""
    b = np.zeros(seg.shape, bool)
    b[:, :-1] |= seg[:, :-1] != seg[:, 1:]
    b[:-1, :] |= seg[:-1, :] != seg[1:, :]
    return b


def load_segs(split_dir, img_id):
    """All annotators' label maps of one image (a list of int32 arrays)."""
    seg_dir = os.path.join(split_dir, "segs")
    segs, k = [], 0
    while os.path.exists(os.path.join(seg_dir, f"{img_id}_{k}.png")):
        segs.append(np.array(Image.open(os.path.join(seg_dir, f"{img_id}_{k}.png")), dtype=np.int32))
        k += 1
    if not segs:
        raise FileNotFoundError(f"no segmentations for {img_id} in {seg_dir}")
    return segs


def consensus(segs, tolerance=1):
    """Fraction of annotators with a boundary within `tolerance` px (square) of each pixel."""
    st = np.ones((2 * tolerance + 1,) * 2, bool)
    maps = [ndimage.binary_dilation(seg_boundary(s), st) if tolerance else seg_boundary(s)
            for s in segs]
    return np.mean(maps, axis=0).astype(np.float32)


def load_l(split_dir, img_id):
    names = [n for n in os.listdir(os.path.join(split_dir, "images")) if n.startswith(img_id + ".")]
    rgb = np.asarray(Image.open(os.path.join(split_dir, "images", names[0])).convert("RGB"))
    return rgb_to_l(rgb / 255.0)


def load_split(split_dir, limit=None, size=None, cache=True):
    """-> (L [N,h,w] float32 0..100, consensus [N,h,w] float32 0..1, ids), landscape.

    `size` (h, w) resizes everything (smoke test); the result is cached in .cache/ keyed by
    the folder, the count and the size, so a restart does not decode 1,287 PNGs again.
    """
    ids = image_ids(split_dir)[:limit]
    key = hashlib.sha1(f"{os.path.abspath(split_dir)}|{len(ids)}|{size}|v1".encode()).hexdigest()[:12]
    path = os.path.join(CACHE_DIR, f"bsds-{os.path.basename(split_dir)}-{key}.npz")
    if cache and os.path.exists(path):
        z = np.load(path)
        return z["L"], z["y"], list(z["ids"])
    ls, ys = [], []
    for img_id in ids:
        l, y = load_l(split_dir, img_id), consensus(load_segs(split_dir, img_id))
        if l.shape[0] > l.shape[1]:
            l, y = l.T, y.T
        if size is not None:
            l = np.asarray(Image.fromarray(l).resize(size[::-1], Image.BILINEAR))
            y = np.asarray(Image.fromarray(y).resize(size[::-1], Image.BILINEAR))
        ls.append(l)
        ys.append(y)
    shapes = {a.shape for a in ls}
    if len(shapes) != 1:
        raise ValueError(f"{split_dir}: images of several sizes {shapes}; pass size=")
    L, Y = np.stack(ls), np.stack(ys)
    if cache:
        os.makedirs(CACHE_DIR, exist_ok=True)
        np.savez(path + ".tmp.npz", L=L, y=Y, ids=np.array(ids))
        os.replace(path + ".tmp.npz", path)
    return L, Y, ids
