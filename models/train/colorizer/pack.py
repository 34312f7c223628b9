"""Pack a sample of the training sets small enough to travel to a GPU machine (train.py --pack).

    /usr/bin/python3 models/train/colorizer/pack.py --sets <the stage's --sets> --out .gpu-pack --megabytes 40

The device tool carries at most 64 MiB with the working tree (16 MB of it is the project), and the
sets are 6 GB as arrays. So each set gives photos in proportion to its weight (a set smaller than
its share gives all it has, and the rest is shared out again), stored as JPEG (quality 88) at
`--size` px at most, until the budget is spent: about 10,000 photos in 40 MB at 128 px. The pack
is research data like the sets: it stays in an ignored folder and is never committed.
Each set becomes <out>/<name>.npz (the JPEG bytes end to end, and their offsets); pack.json says
what is in it, sets.txt the --sets to train with, and val/ a copy of the first --val-count BSDS500
val photos for train.py's in-training check (the shared data does not travel; they are still only
validated on).
"""
import argparse
import io
import json
import os
import shutil
import sys

import numpy as np
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, HERE)
from data import list_images  # noqa: E402
from photosets import parse_specs, load_set  # noqa: E402
from trainkit import log  # noqa: E402

REPO = os.path.abspath(os.path.join(HERE, '..', '..', '..'))


def jpeg(square, size, quality):
    im = Image.fromarray(np.asarray(square))
    if im.width > size:
        im = im.resize((size, size), Image.BICUBIC)
    buf = io.BytesIO()
    im.save(buf, format='JPEG', quality=quality)
    return buf.getvalue()


def shares(weights, available, total):
    """Photos per set: by weight, no set beyond what it has, the remainder shared out again."""
    n = np.zeros(len(weights), int)
    open_ = list(range(len(weights)))
    left = total
    while left > 0 and open_:
        w = np.array([weights[i] for i in open_], float)
        want = np.floor(left * w / w.sum()).astype(int)
        want[np.argmax(w)] += left - want.sum()
        for i, k in zip(list(open_), want):
            take = min(k, available[i] - n[i])
            n[i] += take
            left -= take
            if n[i] >= available[i]:
                open_.remove(i)
        if want.sum() == 0:
            break
    return n


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--sets', nargs='+', required=True, help='as train.py --sets')
    p.add_argument('--photos-dir', default=os.path.join(REPO, 'models', 'train', '.cache', 'photos'))
    p.add_argument('--cache-dir', default=os.path.join(REPO, 'models', 'train', '.cache'))
    p.add_argument('--set-size', type=int, default=176)
    p.add_argument('--min-chroma', type=float, default=5.0)
    p.add_argument('--size', type=int, default=128, help='long side of the packed photos, px')
    p.add_argument('--quality', type=int, default=88)
    p.add_argument('--megabytes', type=float, default=40)
    p.add_argument('--seed', type=int, default=0)
    p.add_argument('--val-dir', default=os.path.join(REPO, '..', 'shared', 'data', 'bsds500', 'val', 'images'))
    p.add_argument('--val-count', type=int, default=16)
    p.add_argument('--out', required=True)
    a = p.parse_args()
    specs = parse_specs(a.sets, a.photos_dir)
    arrays = [load_set(n, d, a.set_size, a.cache_dir, a.min_chroma, 2, log, in_ram=False) for n, _, d in specs]
    weights = [w for _, w, _ in specs]
    rng = np.random.default_rng(a.seed)
    # Bytes per photo of each set, from a few, to turn the budget into counts.
    per = [np.mean([len(jpeg(arr[i], a.size, a.quality)) for i in rng.integers(len(arr), size=50)]) for arr in arrays]
    mean_bytes = sum(w * b for w, b in zip(weights, per)) / sum(weights)
    n = shares(weights, [len(arr) for arr in arrays], int(a.megabytes * 1e6 / mean_bytes))
    os.makedirs(a.out, exist_ok=True)
    record = []
    for (name, w, _), arr, k in zip(specs, arrays, n):
        pick = np.sort(rng.choice(len(arr), size=k, replace=False))
        blobs = [jpeg(arr[i], a.size, a.quality) for i in pick]
        offsets = np.cumsum([0] + [len(b) for b in blobs]).astype(np.int64)
        tmp = os.path.join(a.out, name + '.tmp.npz')
        np.savez(tmp, data=np.frombuffer(b''.join(blobs), np.uint8), offsets=offsets)
        os.replace(tmp, os.path.join(a.out, name + '.npz'))
        record.append({'set': name, 'weight': w, 'photos': int(k), 'of': len(arr), 'bytes': int(offsets[-1])})
        log('pack %s: %d of %d photos, %.1f MB' % (name, k, len(arr), offsets[-1] / 1e6))
    val_out = os.path.join(a.out, 'val')
    os.makedirs(val_out, exist_ok=True)
    for f in list_images([a.val_dir])[:a.val_count]:  # the files train.py --val-count would take
        shutil.copy(f, val_out)
    # Packed sets have no folders: the specs are written as name=weight.
    with open(os.path.join(a.out, 'sets.txt'), 'w') as f:
        f.write(' '.join('%s=%g' % (name, w) for name, w, _ in specs) + '\n')
    with open(os.path.join(a.out, 'pack.json'), 'w') as f:
        json.dump({'size': a.size, 'quality': a.quality, 'sets': record}, f, indent=1)
    log('pack: %d photos, %.1f MB in %s' % (sum(n), sum(r['bytes'] for r in record) / 1e6, a.out))


if __name__ == '__main__':
    main()
