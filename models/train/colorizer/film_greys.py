"""Old-film greys of colour photos, for `npm run eval:color -- --greys <dir>`.

    /usr/bin/python3 models/train/colorizer/film_greys.py \
        --images ../shared/data/bsds500/val/images --out scratch/film-val [--style print]

--style print: greys degraded as most training inputs are (data.degrade: a scanned old print's
tones, blur, grain and JPEG, or clean for one photo in five), so val can be scored on the inputs
the network was trained for as well as on clean greys; film (the default) adds film.py first.

Each photo is rendered as training's film inputs are (film.py: an emulsion's tones, print damage,
then data.py's grain/blur/JPEG), seeded by its name, so every run and every model sees the same
greys. The eval then scores the colours against the photo's truth: how a model copes with the
tones and damage of old film, where the frames of a real film have no truth to score against.
"""
import argparse
import os
import sys
import zlib

import numpy as np
from PIL import Image

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from data import degrade, film_print, grey_u8, list_images  # noqa: E402


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--images', required=True, help='folder of colour photos')
    p.add_argument('--out', required=True, help='folder for <name>.png greys (created)')
    p.add_argument('--seed', type=int, default=0)
    p.add_argument('--style', choices=('film', 'print'), default='film',
                   help="film: an old film's print (film.py, then the print damage); print: the print damage only")
    a = p.parse_args()
    os.makedirs(a.out, exist_ok=True)
    files = list_images([a.images])
    for f in files:
        name = os.path.splitext(os.path.basename(f))[0]
        rng = np.random.default_rng([a.seed, zlib.crc32(name.encode())])
        rgb = np.asarray(Image.open(f).convert('RGB'), dtype=np.uint8)
        grey = film_print(rgb, rng) if a.style == 'film' else degrade(grey_u8(rgb), rng)
        tmp = os.path.join(a.out, name + '.tmp.png')
        Image.fromarray(grey).save(tmp)
        os.replace(tmp, os.path.join(a.out, name + '.png'))
    print('%d %s greys in %s' % (len(files), a.style, a.out))


if __name__ == '__main__':
    main()
