"""A grid PNG (grey | Tinct | truth) of a few colour photos, to look at the model's colours.

    /usr/bin/python3 models/train/colorizer/samples.py --ckpt models/train/runs/colorizer-main/last.pt

By default the photos are scikit-image's sample photos that carry a CC0 or public-domain licence
(Debian's python3-skimage: astronaut, chelsea, coffee, rocket), so the grid may ship with the
model; research photos (BSDS500 val, --val-dir/--names) are for looking at, not for committing.
--ckpt may also be a shipped .onnx (read back with onnx_weights.py).
"""
import argparse
import os

import numpy as np
import torch
from PIL import Image

from infer import load_model, colorize, HERE, TEMPERATURE

REPO = os.path.abspath(os.path.join(HERE, '..', '..', '..'))
SKIMAGE = '/usr/lib/python3/dist-packages/skimage/data'
# Licences as stated in skimage/data/_fetchers.py: astronaut (NASA, public domain), chelsea (CC0,
# Stefan van der Walt), coffee (CC0, Rachel Michetti), rocket (SpaceX, released to the public domain).
CC0_PHOTOS = ['astronaut.png', 'chelsea.png', 'coffee.png', 'rocket.jpg']


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument('--ckpt', default=os.path.join(REPO, 'models', 'train', 'runs', 'colorizer-main', 'last.pt'))
    p.add_argument('--val-dir', default=os.path.join(REPO, '..', 'shared', 'data', 'bsds500', 'val', 'images'))
    p.add_argument('--names', nargs='*', help='val file names (instead of --files)')
    p.add_argument('--files', nargs='*', default=[os.path.join(SKIMAGE, f) for f in CC0_PHOTOS],
                   help='photos to show (default: scikit-image\'s CC0 / public-domain colour photos)')
    p.add_argument('--count', type=int, default=6)
    p.add_argument('--tile', type=int, default=240, help='long side of each tile in px')
    p.add_argument('--temperature', type=float, default=TEMPERATURE)
    p.add_argument('--out', default=os.path.join(REPO, 'models', 'colorizer-samples.png'))
    a = p.parse_args()
    torch.set_num_threads(1)
    model, ck = load_model(a.ckpt)
    files = [os.path.join(a.val_dir, n) for n in a.names] if a.names else a.files[:a.count]
    rows = []
    for f in files:
        rgb = np.asarray(Image.open(f).convert('RGB'))
        grey, pred, *_ = colorize(model, ck['bins'], rgb, a.temperature)
        tiles = []
        for im in (grey, pred, rgb.astype(np.float64) / 255):
            t = Image.fromarray((np.clip(im, 0, 1) * 255 + 0.5).astype(np.uint8))
            t.thumbnail((a.tile, a.tile))
            tiles.append(np.asarray(t.resize((a.tile, a.tile * 2 // 3)) if t.width >= t.height else t.resize((a.tile * 2 // 3, a.tile))))
        rows.append(tiles)
    # Landscape and portrait tiles: each row is as tall as its tallest tile, padded with white.
    cell, gap = a.tile, 4
    heights = [max(t.shape[0] for t in tiles) for tiles in rows]
    grid = np.full((sum(heights) + gap * (len(rows) - 1), 3 * cell + 2 * gap, 3), 255, np.uint8)
    y = 0
    for tiles, h in zip(rows, heights):
        for c, t in enumerate(tiles):
            grid[y:y + t.shape[0], c * (cell + gap):c * (cell + gap) + t.shape[1]] = t
        y += h + gap
    Image.fromarray(grid).save(a.out, optimize=True)
    print('wrote %s (%d photos: %s), %.0f kB' % (a.out, len(files), ', '.join(os.path.basename(f) for f in files),
                                                 os.path.getsize(a.out) / 1e3))


if __name__ == '__main__':
    main()
