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
import json
import os
import re
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


def set_files(dirs):
    """A set's photo files in the order of its cached array's rows."""
    files = []
    for d in dirs:
        files += sorted(f for f in glob.glob(os.path.join(d, '*')) if f.lower().endswith(IMAGE_EXTS))
    return files


def label_of(set_name, filename):
    """The class a photo's file name gives (training-photos.py keeps each collection's split and
    class in it), or None: "train_mountain_12117.jpg" (Intel) -> "intel:mountain",
    "test_air-hockey_2.jpg" (100 sports) -> "sports:air-hockey", "train_n03733131_n03733131_317.jpg"
    (Tiny ImageNet) -> "tiny-imagenet:n03733131", "trainA_…" / "testB_…" (Summer2Winter Yosemite)
    -> "yosemite:A" / "yosemite:B". Unlabelled photos (Intel's "pred", Tiny ImageNet's val and test
    as renamed, faces, the classic set) give None."""
    stem = os.path.splitext(os.path.basename(filename))[0]
    if set_name == 'yosemite':
        m = re.match(r'(?:train|test)([AB])_', stem)
    elif set_name == 'tiny-imagenet':
        m = re.match(r'train_(n\d{8})_', stem)
    elif set_name in ('intel', 'sports'):
        m = re.match(r'(?:train|test|valid)_(.+)_\d+$', stem)
    else:
        m = None
    return '%s:%s' % (set_name, m.group(1)) if m else None


def set_labels(name, dirs, arr_rows, size, cache_dir, min_chroma, workers, log):
    """label_of for each row of a set's cached array (a class name, or None for a photo without one),
    or None where no file of the set gives one. The rows are the files that load_set kept, so where
    it dropped some (nearly grey photos) they are found again by decoding the set once; the result
    is cached beside the array."""
    files = set_files(dirs)
    labels = [label_of(name, f) for f in files]
    if not any(labels):
        return None
    if len(files) != arr_rows:
        size = min(size, _side(files[0]))  # as load_set
        path = _cache_path(name, files, size, cache_dir, min_chroma) + '.labels.json'
        if os.path.exists(path):
            with open(path) as f:
                labels = json.load(f)
        else:
            with Pool(workers) as pool:
                ims = pool.map(_load_square, [(f, size) for f in files], chunksize=256)
            labels = [c for c, im in zip(labels, ims) if im is not None and mean_chroma(im) >= min_chroma]
            with open(path + '.tmp', 'w') as f:
                json.dump(labels, f)
            os.replace(path + '.tmp', path)
            log('set %s: labels of the %d kept photos -> %s' % (name, len(labels), path))
    if len(labels) != arr_rows:
        raise SystemExit('set %s: %d labels for %d photos (delete %s and retry)'
                         % (name, len(labels), arr_rows, os.path.join(cache_dir, 'set-%s-*.labels.json' % name)))
    return labels


def _side(path):
    with Image.open(path) as im:
        return min(im.size)


def _cache_path(name, files, size, cache_dir, min_chroma):
    return os.path.join(cache_dir, 'set-%s-%d-%d-%d.npy' % (name, size, len(files), int(min_chroma * 10)))


def load_set(name, dirs, size, cache_dir, min_chroma, workers, log, in_ram=True):
    """All photos of the set's folders as (N, S, S, 3) uint8, S = min(size, the photos' own), cached.
    in_ram=False: a cached set stays memory-mapped (pack.py reads a sample of it)."""
    files = set_files(dirs)
    if not files:
        raise SystemExit('set %s: no photos in %s (assemble them with ../shared/tools/training-photos.py)'
                         % (name, ', '.join(dirs)))
    # Never upscale a set of small photos in RAM (Tiny ImageNet is 64 px): the crop does it later.
    size = min(size, _side(files[0]))
    cache = _cache_path(name, files, size, cache_dir, min_chroma)
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

    def __init__(self, arrays, weights, names, labels=None, classes=None):
        self.arrays, self.names = arrays, names
        w = np.asarray(weights, np.float64)
        self.p = w / w.sum()
        # labels: per set an int array of class indices into `classes` (-1: none), or None
        self.labels, self.classes = labels, classes or []

    def __len__(self):
        return sum(len(a) for a in self.arrays)

    def pick(self, rng):
        return self.pick_labelled(rng)[0]

    def pick_labelled(self, rng):
        """(photo, class index or -1), drawn with the same generator calls as pick()."""
        s = rng.choice(len(self.arrays), p=self.p)
        a = self.arrays[s]
        i = rng.integers(len(a))
        lab = self.labels[s] if self.labels else None
        return a[i], int(lab[i]) if lab is not None else -1

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
        return WeightedSets(self.arrays, [weights[n] for n in self.names], self.names, self.labels, self.classes)

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


def load_mix(sets, photos_dir, set_size, cache_dir, min_chroma, workers, log, pack=None, labels=False):
    """The weighted mix a --sets list names, each set from its cache here or from a pack.py folder
    (train.py's sets, and precise_bn.py's for a checkpoint trained on either). labels: also each
    photo's class by its file name (label_of; train.py --aux-weight), one index space over all sets."""
    specs = parse_specs(sets, photos_dir)
    arrays = [load_pack(n, pack, workers) if pack else
              load_set(n, d, set_size, cache_dir, min_chroma, workers, log) for n, _, d in specs]
    names = [n for n, _, _ in specs]
    if not labels:
        return WeightedSets(arrays, [w for _, w, _ in specs], names)
    per_set = [None if pack else set_labels(n, d, len(a), set_size, cache_dir, min_chroma, workers, log)
               for (n, _, d), a in zip(specs, arrays)]
    classes = sorted({c for ls in per_set if ls for c in ls if c})
    index = {c: i for i, c in enumerate(classes)}
    ids = []
    for n, ls in zip(names, per_set):
        ids.append(np.array([index[c] if c else -1 for c in ls], np.int64) if ls else None)
        log('set %s: %s' % (n, 'no labels' if ls is None else
                            '%d of %d photos labelled' % (int((ids[-1] >= 0).sum()), len(ls))))
    return WeightedSets(arrays, [w for _, w, _ in specs], names, ids, classes)
