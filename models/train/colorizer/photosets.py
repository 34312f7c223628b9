"""Weighted training photo sets: each set decoded once into one uint8 array, sampled by weight.

The large collections (assembled by ../shared/tools/training-photos.py into
models/train/.cache/photos/<set>/) hold tens of thousands of small photos of one size per set, so
each set is kept as one (N, S, S, 3) array (centre square, resized to S) cached as .npy beside the
photos: 60,000 photos at S = 160 take 4.6 GB of RAM and load in seconds, where decoding the JPEGs
takes minutes. The small folders of the first model (imagenet-sample, BSDS500 train) are a set
like any other.

Sets are sampled by weight, not by size: Intel's scenes are mostly glaciers and seas and UTKFace is
only faces, so sampling in proportion to size would teach mostly those. A spec is
"name=weight[:dir]", e.g. "intel=0.25" (dir defaults to <photos-dir>/<name>) or
"classic=0.2:../shared/data/imagenet-sample,../shared/data/bsds500/train/images".
"""
import glob
import io
import os
from multiprocessing import Pool

import numpy as np
from PIL import Image

from data import mean_chroma

IMAGE_EXTS = ('.jpg', '.jpeg', '.png')


def parse_specs(specs, photos_dir):
    """["intel=0.25", "classic=0.2:dirA,dirB"] -> [(name, weight, [dirs])]."""
    out = []
    for s in specs:
        name, _, rest = s.partition('=')
        w, _, dirs = rest.partition(':')
        if not name or not w:
            raise SystemExit('--sets: "%s" is not name=weight[:dir,dir]' % s)
        out.append((name, float(w), dirs.split(',') if dirs else [os.path.join(photos_dir, name)]))
    return out


def _load_square(args):
    path, size = args
    try:
        im = Image.open(path)
        im.draft('RGB', (size, size))
        im = im.convert('RGB')
        w, h = im.size
        s = min(w, h)
        im = im.crop(((w - s) // 2, (h - s) // 2, (w - s) // 2 + s, (h - s) // 2 + s))
        if s != size:
            im = im.resize((size, size), Image.BICUBIC if s > size else Image.BILINEAR)
        return np.asarray(im, dtype=np.uint8)
    except Exception:  # an undecodable file is skipped, not fatal
        return None


def load_set(name, dirs, size, cache_dir, min_chroma, workers, log, in_ram=True):
    """All photos of the set's folders as (N, S, S, 3) uint8, S = min(size, the photos' own), cached.
    in_ram=False: a cached set stays memory-mapped (pack.py reads a sample of it)."""
    files = []
    for d in dirs:
        files += sorted(f for f in glob.glob(os.path.join(d, '*')) if f.lower().endswith(IMAGE_EXTS))
    if not files:
        raise SystemExit('set %s: no photos in %s (assemble them with ../shared/tools/training-photos.py)'
                         % (name, ', '.join(dirs)))
    # Never upscale a set of small photos in RAM (Tiny ImageNet is 64 px): the crop does it later.
    with Image.open(files[0]) as im0:
        size = min(size, min(im0.size))
    cache = os.path.join(cache_dir, 'set-%s-%d-%d-%d.npy' % (name, size, len(files), int(min_chroma * 10)))
    if os.path.exists(cache):
        arr = np.load(cache, mmap_mode='r')
        log('set %s: %d photos from %s' % (name, len(arr), cache))
        return np.ascontiguousarray(arr) if in_ram else arr
    with Pool(workers) as pool:
        ims = pool.map(_load_square, [(f, size) for f in files], chunksize=256)
    keep = [im for im in ims if im is not None and mean_chroma(im) >= min_chroma]
    arr = np.stack(keep)
    os.makedirs(cache_dir, exist_ok=True)
    np.save(cache + '.tmp.npy', arr)
    os.replace(cache + '.tmp.npy', cache)
    log('set %s: %d photos kept of %d (size %d, min chroma %.1f) -> %s'
        % (name, len(arr), len(files), size, min_chroma, cache))
    return arr


class WeightedSets:
    """Pick a training photo: first a set by its weight, then a photo of it uniformly."""

    def __init__(self, arrays, weights, names):
        self.arrays, self.names = arrays, names
        w = np.asarray(weights, np.float64)
        self.p = w / w.sum()

    def __len__(self):
        return sum(len(a) for a in self.arrays)

    def pick(self, rng):
        s = rng.choice(len(self.arrays), p=self.p)
        a = self.arrays[s]
        return a[rng.integers(len(a))]

    def sample(self, n, rng):
        """n photos drawn by the mix (for the ab prior: train.py draws it from the training mix or --prior-sets)."""
        return [self.pick(rng) for _ in range(n)]

    def reweighted(self, specs):
        """The same photos under other weights, ["name=weight", …]; sets not named weigh 0."""
        weights = dict.fromkeys(self.names, 0.0)
        for name, w, _ in parse_specs(specs, ''):
            if name not in weights:
                raise SystemExit('--prior-sets: "%s" is not one of the sets (%s)' % (name, ', '.join(self.names)))
            weights[name] = w
        if sum(weights.values()) <= 0:
            raise SystemExit('--prior-sets: the weights sum to 0')
        return WeightedSets(self.arrays, [weights[n] for n in self.names], self.names)

    def describe(self):
        return [{'set': n, 'photos': len(a), 'weight': round(float(p), 4)}
                for n, a, p in zip(self.names, self.arrays, self.p)]


def _decode(blob):
    return np.asarray(Image.open(io.BytesIO(blob)).convert('RGB'), dtype=np.uint8)


def load_pack(name, pack_dir, workers):
    """A set from a pack.py folder (a sample of it as JPEGs), decoded into one (N, S, S, 3) array."""
    path = os.path.join(pack_dir, name + '.npz')
    if not os.path.exists(path):
        raise SystemExit('%s: set %s is not in the pack (make it with pack.py --sets …)' % (path, name))
    with np.load(path) as z:
        data, offsets = z['data'].tobytes(), z['offsets']
    blobs = [data[offsets[i]:offsets[i + 1]] for i in range(len(offsets) - 1)]
    with Pool(workers) as pool:
        return np.stack(pool.map(_decode, blobs, chunksize=256))


def load_mix(sets, photos_dir, set_size, cache_dir, min_chroma, workers, log, pack=None):
    """The weighted mix a --sets list names, each set from its cache here or from a pack.py folder
    (train.py's sets, and precise_bn.py's for a checkpoint trained on either)."""
    specs = parse_specs(sets, photos_dir)
    arrays = [load_pack(n, pack, workers) if pack else
              load_set(n, d, set_size, cache_dir, min_chroma, workers, log) for n, _, d in specs]
    return WeightedSets(arrays, [w for _, w, _ in specs], [n for n, _, _ in specs])
