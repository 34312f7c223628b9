"""Training images in RAM, random crops, and the "old print" degradation of the grey input.

The network input is an 8-bit grey photo (as a scan of a black-and-white print would be),
turned into L exactly as the engine does it; the target ab comes from the clean colour image.
"""
import glob
import io
import os
import pickle

import numpy as np
from PIL import Image, ImageFilter
from scipy.ndimage import gaussian_filter

from lab import rgb_to_lab, rgb_to_l, RGB_TO_XYZ, _srgb_to_linear, _linear_to_srgb
from film import film_grey, film_damage

IMAGE_EXTS = ('.jpg', '.jpeg', '.png')

# L of an 8-bit grey level v (R = G = B = v): what the engine computes for a grey photo.
GREY_TO_L = rgb_to_l(np.repeat(np.arange(256, dtype=np.float64)[:, None] / 255, 3, 1)).astype(np.float32)


def list_images(dirs):
    files = []
    for d in dirs:
        files += sorted(f for f in glob.glob(os.path.join(d, '*')) if f.lower().endswith(IMAGE_EXTS))
    return files


def load_resized(path, short_side):
    im = Image.open(path)
    im.draft('RGB', (short_side, short_side))  # let libjpeg decode at reduced size: faster
    im = im.convert('RGB')
    s = short_side / min(im.size)
    if s < 1:
        im = im.resize((max(1, round(im.width * s)), max(1, round(im.height * s))), Image.BICUBIC)
    return np.asarray(im, dtype=np.uint8)


def mean_chroma(rgb_u8):
    lab = rgb_to_lab(rgb_u8[::4, ::4].astype(np.float64) / 255)
    return float(np.hypot(lab[..., 1], lab[..., 2]).mean())


def preload(dirs, short_side, cache_dir, min_chroma=5.0, log=print):
    """Decode all images once (cached as a pickle of uint8 arrays); drop nearly-grey photos."""
    files = list_images(dirs)
    key = '%d-%d-%s' % (len(files), short_side, abs(hash(tuple(files))) % 10 ** 8)
    cache = os.path.join(cache_dir, 'colorizer-%s.pkl' % key) if cache_dir else None
    if cache and os.path.exists(cache):
        with open(cache, 'rb') as f:
            images, names = pickle.load(f)
        log('preload: %d images from cache %s' % (len(images), cache))
        return images, names
    images, names, grey = [], [], 0
    for p in files:
        a = load_resized(p, short_side)
        if mean_chroma(a) < min_chroma:
            grey += 1
            continue
        images.append(a)
        names.append(os.path.basename(p))
    log('preload: %d images kept, %d nearly-grey skipped, from %s' % (len(images), grey, dirs))
    if cache:
        os.makedirs(cache_dir, exist_ok=True)
        with open(cache + '.tmp', 'wb') as f:
            pickle.dump((images, names), f, protocol=4)
        os.replace(cache + '.tmp', cache)
    return images, names


def tiny_images(n=4, size=64, seed=0):
    """Synthetic colourful images for the smoke test (no data set needed)."""
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:size, 0:size] / size
    out = []
    for _ in range(n):
        c = rng.uniform(0, 1, (3, 3))
        img = np.stack([c[i, 0] + c[i, 1] * xx + c[i, 2] * yy for i in range(3)], -1)
        out.append((np.clip(img / img.max(), 0, 1) * 255).astype(np.uint8))
    return out, ['tiny%d' % i for i in range(n)]


def grey_u8(rgb_u8):
    """8-bit grey whose L equals the colour image's L (up to quantisation)."""
    y = _srgb_to_linear(rgb_u8.astype(np.float64) / 255) @ RGB_TO_XYZ[1]
    return np.round(_linear_to_srgb(y) * 255).astype(np.uint8)


CLEAN_SHARE = 0.2  # inputs degrade() leaves clean: not every photo is damaged (train.py --clean-share)


def degrade(v, rng, clean_share=CLEAN_SHARE):
    """Make a clean 8-bit grey image look like a scanned old print (input only); a share
    clean_share of the calls returns it unchanged."""
    if rng.random() < clean_share:
        return v
    x = v.astype(np.float32) / 255
    if rng.random() < 0.7:  # faded or harsh prints: gamma, contrast, brightness
        x = x ** rng.uniform(0.7, 1.4)
        m = x.mean()
        x = m + rng.uniform(0.65, 1.25) * (x - m) + rng.uniform(-0.06, 0.06)
    im = Image.fromarray(np.clip(x * 255 + 0.5, 0, 255).astype(np.uint8))
    if rng.random() < 0.5:  # soft focus / old lenses
        im = im.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 1.5)))
    x = np.asarray(im, dtype=np.float32)
    if rng.random() < 0.6:  # film grain, sometimes clumped
        n = rng.normal(0, rng.uniform(2, 10), x.shape).astype(np.float32)
        if rng.random() < 0.5:
            n = gaussian_filter(n, 0.6) * 2.0  # blurring shrinks the noise: scale it back up
        x = x + n
    im = Image.fromarray(np.clip(x + 0.5, 0, 255).astype(np.uint8))
    if rng.random() < 0.5:  # scans shared as low-quality JPEGs
        buf = io.BytesIO()
        im.save(buf, format='JPEG', quality=int(rng.integers(15, 60)))
        im = Image.open(io.BytesIO(buf.getvalue())).convert('L')
    return np.asarray(im, dtype=np.uint8)


def film_print(rgb_u8, rng):
    """8-bit grey of a colour photo as a damaged old-film print: film.py's tones and damage, then
    the print degradation (the film inputs of training and film_greys.py's eval greys)."""
    return degrade(film_damage(film_grey(rgb_u8, rng), rng), rng)


def random_crop(img, crop, rng, min_scale=0.6):
    """Random square crop covering min_scale..1 of the short side, resized to crop, maybe flipped."""
    h, w = img.shape[:2]
    s = min(h, w)
    c = int(rng.uniform(min_scale, 1.0) * s)
    c = max(c, min(crop, s))
    y, x = rng.integers(0, h - c + 1), rng.integers(0, w - c + 1)
    patch = img[y:y + c, x:x + c]
    if c != crop:
        patch = np.asarray(Image.fromarray(patch).resize((crop, crop), Image.BILINEAR))
    if rng.random() < 0.5:
        patch = patch[:, ::-1]
    return np.ascontiguousarray(patch)


def make_batch(images, batch, crop, rng, degrade_input=True, film=0.0, with_labels=False,
               clean_share=CLEAN_SHARE):
    """images: a list of uint8 photos or a photosets.WeightedSets; film: the share of inputs
    rendered as old film (film.py) before the print degradation; clean_share: the share of the
    other inputs degrade() leaves clean.
    -> L_in (B,1,crop,crop) float32 in [0,100] (degraded), ab (B,2,crop,crop) float32 (clean),
    and with_labels: the photos' class indices (B,) int64, -1 where none (photosets.label_of).
    The generator draws the same either way."""
    L_in = np.empty((batch, 1, crop, crop), np.float32)
    ab = np.empty((batch, 2, crop, crop), np.float32)
    labels = np.full(batch, -1, np.int64)
    for i in range(batch):
        if hasattr(images, 'pick_labelled'):
            img, labels[i] = images.pick_labelled(rng)
        else:
            img = images[rng.integers(len(images))]
        rgb = random_crop(img, crop, rng)
        lab = rgb_to_lab(rgb.astype(np.float64) / 255)
        ab[i] = lab[..., 1:].transpose(2, 0, 1)
        if degrade_input and film > 0 and rng.random() < film:
            v = film_print(rgb, rng)
        else:
            v = degrade(grey_u8(rgb), rng, clean_share) if degrade_input else grey_u8(rgb)
        L_in[i, 0] = GREY_TO_L[v]
    return (L_in, ab, labels) if with_labels else (L_in, ab)


def center_view(img, size):
    """Resize the short side to `size` and take the central size x size square (validation)."""
    im = Image.fromarray(img)
    s = size / min(im.size)
    im = im.resize((max(size, round(im.width * s)), max(size, round(im.height * s))), Image.BICUBIC)
    x, y = (im.width - size) // 2, (im.height - size) // 2
    return np.asarray(im.crop((x, y, x + size, y + size)))
