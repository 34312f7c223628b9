"""Contact sheet for the model card: grey input | the engine's region hierarchy (UCM, dark = a
border that survives to coarse levels), on photos that may ship with the project.

    /usr/bin/python3 models/train/segmenter/samples.py [--model models/segmenter.onnx] [--files a.png b.jpg]

The photos are scikit-image's CC0 / public-domain ones (Debian's python3-skimage: astronaut,
chelsea, coffee, rocket), not research data. The UCM comes from the shipped ONNX through the same
engine call as `tinct segment --ucm` (network → watershed → merge hierarchy), so the sheet shows
what the editor's regions are made from. Writes models/segmenter-samples.png (greyscale PNG).
"""
import argparse
import os
import subprocess
import sys
import tempfile

import numpy as np
from PIL import Image, ImageFilter

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, '..', '..', '..'))
sys.path.insert(0, os.path.dirname(HERE))
from lab import rgb_to_l  # noqa: E402

SKIMAGE = '/usr/lib/python3/dist-packages/skimage/data'
# Licences as stated in skimage/data/_fetchers.py: astronaut (NASA, public domain), chelsea (CC0,
# Stefan van der Walt), coffee (CC0, Rachel Michetti), rocket (SpaceX, released to the public domain).
CC0_PHOTOS = ['astronaut.png', 'chelsea.png', 'coffee.png', 'rocket.jpg']


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--model', default=os.path.join(REPO, 'models', 'segmenter.onnx'))
    ap.add_argument('--files', nargs='*', default=[os.path.join(SKIMAGE, f) for f in CC0_PHOTOS])
    ap.add_argument('--tile', type=int, default=200, help='height of each row in px')
    ap.add_argument('--out', default=os.path.join(REPO, 'models', 'segmenter-samples.png'))
    a = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, f in enumerate(a.files):
            labels, ucm = os.path.join(tmp, '%d-labels.png' % i), os.path.join(tmp, '%d-ucm.png' % i)
            subprocess.run(['npx', 'tsx', os.path.join(REPO, 'src-main', 'cli', 'main.ts'), 'segment', f, '-o', labels,
                            '--ucm', ucm, '--model', a.model, '--quiet'], check=True, cwd=REPO)
            rgb = np.asarray(Image.open(f).convert('RGB'), dtype=np.float64) / 255
            grey = rgb_to_l(rgb) * 2.55
            level = np.asarray(Image.open(ucm), dtype=np.float64) / 65535
            # Darkness from level 0.6 (superpixel borders, white) to 0.95 (black): the default click
            # level is 0.84, the pooling level 0.9. The UCM is 1 px wide: widened to survive the downscale.
            dark = np.clip((level - 0.6) / 0.35, 0, 1)
            wide = Image.fromarray((dark * 255).astype(np.uint8)).filter(ImageFilter.MaxFilter(3))
            border = np.asarray(wide, dtype=np.float64)
            pair = np.concatenate([grey, np.full((grey.shape[0], 8), 255.0), 255 - border], axis=1)
            im = Image.fromarray(np.clip(pair, 0, 255).astype(np.uint8))
            rows.append(im.resize((round(im.width * a.tile / im.height), a.tile), Image.LANCZOS))
    width = max(r.width for r in rows)
    sheet = Image.new('L', (width, sum(r.height for r in rows) + 8 * (len(rows) - 1)), 255)
    y = 0
    for r in rows:
        sheet.paste(r, (0, y))
        y += r.height + 8
    sheet.save(a.out, optimize=True)
    print('%s: %s, %d bytes' % (a.out, sheet.size, os.path.getsize(a.out)))


if __name__ == '__main__':
    main()
