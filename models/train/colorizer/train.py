"""Train the Tinct colorizer (Zhang et al. 2016 classification loss, small CPU-sized net).

    /usr/bin/python3 models/train/colorizer/train.py --name main --steps 4000 --max-minutes 60
    /usr/bin/python3 models/train/colorizer/train.py --smoke          # 2 steps on 4 tiny images

Every knob is a flag; seeds are fixed; --resume continues from the newest checkpoint of the run,
drawing the batches the uninterrupted run would have drawn. Checkpoints go to
models/train/runs/colorizer-<name>/ (ignored by git; a run of before that layout, runs/<name>/, is
still found by --resume); export.py turns one into ONNX. Schedule, checkpoints and logging: trainkit.py.
"""
import argparse
import json
import os
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))  # models/train: lab.py, bins.py
sys.path.insert(0, HERE)
REPO = os.path.abspath(os.path.join(HERE, '..', '..', '..'))
DATA = os.path.join(REPO, '..', 'shared', 'data')

from bins import gamut_bins, smoothed_prior, rebalance_weights  # noqa: E402
from data import CLEAN_SHARE, preload, tiny_images, make_batch, center_view, grey_u8, GREY_TO_L, list_images, load_resized  # noqa: E402
from model import ARCHS, DECODER, build, shape_of_manifest, count_params, SceneClassifier, global_hidden  # noqa: E402
from widen import widen, new_element_masks, BoostNew  # noqa: E402
from onnx_weights import load_onnx_into, manifest_of  # noqa: E402
from bn_calibrate import calibrate  # noqa: E402
from photosets import load_mix  # noqa: E402
from batch_workers import BatchWorkers  # noqa: E402
from target import SoftEncoder, rebalanced_ce, ab_histogram, annealed_mean  # noqa: E402
from lab import rgb_to_lab  # noqa: E402
import trainkit  # noqa: E402
from trainkit import log, lr_at  # noqa: E402

STRIDE = 4
L_MEAN, L_STD = 50.0, 50.0  # network input x = (L - 50) / 50; part of the model contract


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    trainkit.add_common_args(p, steps=4000, lr=1e-3, warmup=100, lr_min_ratio=0.02, ckpt_every=200)
    p.add_argument('--data-dirs', nargs='+', default=[os.path.join(DATA, 'imagenet-sample'),
                                                      os.path.join(DATA, 'bsds500', 'train', 'images')])
    p.add_argument('--sets', nargs='+', default=[],
                   help='weighted photo sets "name=weight[:dir,dir]" (photosets.py); replaces --data-dirs')
    p.add_argument('--photos-dir', default=os.path.join(REPO, 'models', 'train', '.cache', 'photos'),
                   help='where training-photos.py assembled the large collections (one folder a set)')
    p.add_argument('--set-size', type=int, default=176, help='sets: photos kept as squares of this side')
    p.add_argument('--prior-photos', type=int, default=4000, help='sets: photos drawn by the mix for the ab prior')
    p.add_argument('--prior-sets', nargs='+', default=[],
                   help='sets: draw the ab prior (so the rebalancing weights) from these weights of the same '
                        'sets, "name=weight" (sets not named: 0), instead of the training mix: a mix can then '
                        'change the data without changing the loss weights (model card, stage 17)')
    p.add_argument('--val-dir', default=os.path.join(DATA, 'bsds500', 'val', 'images'))
    p.add_argument('--cache-dir', default=os.path.join(REPO, 'models', 'train', '.cache'))
    p.add_argument('--short-side', type=int, default=224, help='preloaded images: short side in px')
    p.add_argument('--min-chroma', type=float, default=5.0, help='skip photos with lower mean chroma')
    p.add_argument('--arch', choices=ARCHS, default='concat')
    p.add_argument('--width', type=int, default=192, help='channels at 1/8')
    p.add_argument('--extra-blocks', type=int, default=None,
                   help='residual blocks after the 1/8 middle (model.Residual); with --init of a model '
                        'with fewer it grows deeper and starts computing exactly what it grew from '
                        '(default: as many as the --init or --resume model has, else 0)')
    p.add_argument('--middle-width', type=int, default=None,
                   help='channels inside the dilated middle (model.Colorizer); with --init of a narrower '
                        'model it grows wider and starts computing exactly what it grew from (widen.py) '
                        '(default: as the --init or --resume model has, else --width)')
    p.add_argument('--decoder', default=None,
                   help='the decoder\'s three widths at 1/4, "96,96,64" (2.2.0\'s); wider than the --init '
                        'model\'s grows it as --middle-width does (default: as the --init or --resume model)')
    p.add_argument('--extra-lr-mult', type=float, default=10.0,
                   help="the lr of what a grown model adds (extra blocks, widened channels) as a multiple "
                        'of --lr: they start from nothing while the rest is fine-tuned at a low lr')
    p.add_argument('--aux-weight', type=float, default=0.0,
                   help="sets: weight of an auxiliary loss, the photo's class (from its file name, "
                        'photosets.label_of) read from the global branch (model.SceneClassifier); 0: off')
    p.add_argument('--aux-lr-mult', type=float, default=20.0,
                   help="the classifier's lr as a multiple of --lr (it starts from nothing)")
    p.add_argument('--bf16', action='store_true',
                   help='the forward and backward in bfloat16 (autocast; channels-last on the CPU): '
                        '1.4-1.7x the steps per hour on CPUs with AVX512-BF16 (model card, Recipe); weights, '
                        'optimiser, loss and the in-training check stay float32. Name it again on --resume')
    p.add_argument('--batch', type=int, default=16)
    p.add_argument('--crop', type=int, default=144)
    p.add_argument('--weight-decay', type=float, default=1e-5)
    p.add_argument('--lam', type=float, default=0.5, help='rebalancing: mix with uniform')
    p.add_argument('--prior-sigma', type=float, default=5.0)
    p.add_argument('--no-degrade', action='store_true', help='train on clean grey inputs')
    p.add_argument('--clean-share', type=float, default=CLEAN_SHARE,
                   help='share of the inputs left clean, the rest print-degraded (data.degrade)')
    p.add_argument('--film', type=float, default=0.0,
                   help='share of inputs rendered as old film: emulsion tones and print damage (film.py)')
    p.add_argument('--val-every', type=int, default=250)
    p.add_argument('--val-count', type=int, default=8, help='bsds500/val images for the cheap check')
    p.add_argument('--val-size', type=int, default=256)
    p.add_argument('--smoke', action='store_true', help='2 steps on 4 synthetic images (CI)')
    p.add_argument('--pack', default=None,
                   help="sets: read each set's photos from this pack.py folder (a GPU machine's copy)")
    p.add_argument('--device', default='cpu', help='cpu, or cuda on a GPU machine (gpu_train.sh)')
    p.add_argument('--workers', type=int, default=0,
                   help='processes making batches (batch_workers.py; 0: in the training loop, as on '
                        'the CPU, where the batches follow one generator kept in checkpoints)')
    trainkit.smoke_defaults(p, argv, steps=2, batch=2, crop=32, width=32, log_every=1, ckpt_every=1,
                            val_every=1, warmup=0, val_count=2, val_size=32, name='smoke')
    return p.parse_args(argv)


def normalise_L(L):
    return (L - L_MEAN) / L_STD


def load_val(a):
    """A fixed handful of validation images (never trained on), centre squares."""
    if a.smoke:
        imgs, _ = tiny_images(2, a.val_size, seed=1)
    else:
        files = list_images([a.val_dir])[:a.val_count]
        imgs = [center_view(load_resized(f, a.val_size), a.val_size) for f in files]
    L = np.stack([GREY_TO_L[grey_u8(im)][None] for im in imgs]).astype(np.float32)
    ab = np.stack([rgb_to_lab(im.astype(np.float64) / 255)[..., 1:].transpose(2, 0, 1) for im in imgs])
    return torch.from_numpy(L), torch.from_numpy(ab.astype(np.float32))


@torch.no_grad()
def validate(model, val, enc, weights_t):
    """Rebalanced CE, mean chroma (prediction vs truth) and AuC of the ab error, at 1/4 res."""
    model.eval()
    dev = next(model.parameters()).device
    L, ab = (t.to(dev) for t in val)
    logits = model(normalise_L(L))
    ce = rebalanced_ce(logits, *enc(ab, STRIDE), weights_t).item()
    # T = 0.38, the decode of stages 1-12: keeps this check comparable with the model card's numbers
    pred = annealed_mean(logits, enc.bins, 0.38)
    truth = torch.nn.functional.avg_pool2d(ab, STRIDE)
    err = (pred - truth).norm(dim=1).flatten()
    auc = torch.stack([(err <= t).float().mean() for t in range(0, 151)]).mean().item()
    model.train()
    return {'ce_rebal': round(ce, 4), 'chroma_pred': round(pred.norm(dim=1).mean().item(), 2),
            'chroma_true': round(truth.norm(dim=1).mean().item(), 2), 'auc': round(auc, 4)}


def shape_of(init):
    """The shape (checkpoint keys for model.build) of the model a run starts from (--init: a shipped
    .onnx, by its manifest, or a checkpoint), so that `--init models/colorizer.onnx` continues a grown
    model as it is; {} without --init."""
    if not init:
        return {}
    if init.endswith('.onnx'):
        return shape_of_manifest((manifest_of(init) or {}).get('training'))
    ck = trainkit.load_checkpoint(init)
    return {k: ck.get(k) for k in ('arch', 'width', 'extra_blocks', 'middle_width', 'decoder')}


def main(argv=None):
    a = parse_args(argv)
    if a.pack and not a.sets:
        raise SystemExit('--pack %s: name the sets to read from it with --sets (its sets.txt)' % a.pack)
    if a.prior_sets and not a.sets:
        raise SystemExit('--prior-sets: it reweighs the sets of --sets, and none are named')
    if a.aux_weight and not a.sets:
        raise SystemExit('--aux-weight: the class labels come from the photo sets of --sets, and none are named')
    if not 0 <= a.clean_share <= 1:
        raise SystemExit('--clean-share %g is outside 0 … 1' % a.clean_share)
    trainkit.use_cpu(a.threads)
    trainkit.seed_everything(a.seed)
    run_dir = trainkit.run_dir(a, 'colorizer')
    log('args', json.dumps(vars(a)))

    # Bins: stepping the sRGB cube by 2 finds exactly the same cells as by 1 (checked), 10x faster.
    bins = gamut_bins(step=2)
    if a.smoke:
        images, names = tiny_images(4, 64)
        prior_images = images
    elif a.sets:
        images = load_mix(a.sets, a.photos_dir, a.set_size, a.cache_dir, a.min_chroma,
                          max(2, a.threads, a.workers), log, a.pack, labels=a.aux_weight > 0)
        log('sets', json.dumps(images.describe()))
        # The prior (and so the rebalancing weights) follows the mix training sees, not the sizes,
        # unless --prior-sets names another mix of the same sets.
        prior_mix = images
        if a.prior_sets:
            prior_mix = images.reweighted(a.prior_sets)
            log('prior sets', json.dumps(prior_mix.describe()))
        prior_images = prior_mix.sample(a.prior_photos, np.random.default_rng(12345))
    else:
        images, names = preload(a.data_dirs, a.short_side, a.cache_dir, a.min_chroma, log)
        prior_images = images
    counts = ab_histogram(prior_images, bins)
    prior = smoothed_prior(counts, bins, a.prior_sigma)
    weights = rebalance_weights(prior, a.lam)
    enc = SoftEncoder(bins, k=5, sigma=5.0)
    weights_t = torch.from_numpy(weights.astype(np.float32))
    log('Q=%d bins, %d training images, rebalance weights %.2f..%.2f' % (len(bins), len(images), weights.min(), weights.max()))

    step, wall = 0, 0.0
    history = []
    last = os.path.join(run_dir, 'last.pt')
    resume = trainkit.resume_path(a, run_dir, [os.path.join(a.runs_dir, a.name)])
    ck = trainkit.load_checkpoint(resume) if resume else None
    if ck:
        trainkit.keep_init(a, ck)  # before shape_of: a resumed grown run finds what it grew from
    start = shape_of(a.init)  # the model --init names, before any growing
    if a.extra_blocks is None:
        a.extra_blocks = ck.get('extra_blocks', 0) if ck else start.get('extra_blocks') or 0
    if a.middle_width is None:
        a.middle_width = ck.get('middle_width') if ck else start.get('middle_width')
    a.decoder = ([int(w) for w in a.decoder.split(',')] if a.decoder else
                 (ck.get('decoder') if ck else start.get('decoder')) or list(DECODER))
    if len(a.decoder) != 3:
        raise SystemExit('--decoder %s: three widths, "96,96,64"' % ','.join(map(str, a.decoder)))
    shape = {'arch': a.arch, 'width': a.width, 'extra_blocks': a.extra_blocks, 'middle_width': a.middle_width,
             'decoder': a.decoder}
    model = build(len(bins), shape)
    # The model as --init has it (only its widths differ): what widen.py grows from.
    narrow = build(len(bins), dict(shape, middle_width=start.get('middle_width'),
                                   decoder=start.get('decoder'))) if a.init else model
    masks = new_element_masks(narrow, model)
    if not masks:
        narrow = model
    log('model %s, %d extra blocks, middle %d, decoder %s: %d parameters'
        % (a.arch, a.extra_blocks, a.middle_width or a.width, a.decoder, count_params(model)))
    if ck:
        model.load_state_dict(ck['model'])
        step, wall, history = ck['step'], ck['wall_s'], ck.get('history', [])
        log('resumed from %s at step %d (%.0fs trained)' % (resume, step, wall))
    elif a.init and a.init.endswith('.onnx'):
        grown = load_onnx_into(narrow, a.init)  # what shipped: BN folded, see onnx_weights.py
        if grown:
            log('grown: %d layers of the extra blocks are new (they start as the identity)' % grown)
        if masks:
            widen(narrow, model)
            log('grown wider: %d new weights in %d tensors (the outputs they feed start at 0)'
                % (sum(int(m.sum()) for m in masks.values()), len(masks)))
        # BN statistics from 8 training batches (their own generator: the training batches stay
        # those of the seed), so that train mode starts from the shipped function (bn_calibrate.py).
        calib_rng = np.random.default_rng([a.seed, 999983])
        calib = [normalise_L(torch.from_numpy(make_batch(images, a.batch, a.crop, calib_rng,
                                                         degrade_input=not a.no_degrade, film=a.film,
                                                         clean_share=a.clean_share)[0]))
                 for _ in range(8)]
        log('initialised from the shipped weights of %s; %d BatchNorm layers calibrated on %d batches'
            % (a.init, calibrate(model, calib), len(calib)))
    elif a.init:
        narrow.load_state_dict(trainkit.load_checkpoint(a.init)['model'])
        if masks:
            widen(narrow, model)
        log('initialised from the weights of %s%s' % (a.init, ', grown wider' if masks else ''))
    # The auxiliary classifier (--aux-weight): its own module, kept in checkpoints as 'aux', never exported.
    aux = None
    if a.aux_weight:
        if not getattr(images, 'classes', None):
            raise SystemExit('--aux-weight: none of the sets has photos whose file names give a class')
        aux = SceneClassifier(len(images.classes))
        if ck and ck.get('aux'):
            aux.load_state_dict(ck['aux'])
        hidden = global_hidden(model)
        log('auxiliary classifier: %d classes, weight %g' % (len(images.classes), a.aux_weight))
    # Workers fork before the model moves to a GPU (a forked child must not inherit CUDA).
    workers = (BatchWorkers(a.workers, images, a.batch, a.crop, a.seed, not a.no_degrade, a.film,
                            clean_share=a.clean_share) if a.workers else None)
    dev = torch.device(a.device)
    if dev.type == 'cuda':
        torch.backends.cudnn.benchmark = True  # one crop size all run long
    model.to(dev)
    # channels-last is the memory order oneDNN's bfloat16 convolutions prefer (step_bench.py: the
    # same time within noise here, 0.27 s against float32's 0.44); the weights keep their values,
    # only their memory order changes, and checkpoints load into either layout.
    layout = torch.channels_last if a.bf16 and dev.type == 'cpu' else torch.contiguous_format
    model.to(memory_format=layout)
    if aux:
        aux.to(dev)
    enc.to(dev)
    weights_t = weights_t.to(dev)
    # The extra blocks get their own lr (trainkit.set_lr scales each group by its lr_mult) and no
    # weight decay: while a block's last gamma is ~0 its other weights get almost no gradient, and
    # Adam normalises what is left, the decay term, into steps of a full lr towards zero. The first
    # grown run (stage 11, with decay) had those weights at 0.001 and gamma at 0.003 after 5,500
    # steps: a dead block.
    # A widened tensor's new elements get the same lr through BoostNew (widen.py), and the whole
    # tensor no decay, for the same reason (its new outgoing weights start at 0).
    new = {id(p) for p in model.extra.parameters()}
    params = dict(model.named_parameters())
    wide = {id(params[n]) for n in masks}
    groups = [{'params': [p for p in model.parameters() if id(p) not in new | wide], 'lr_mult': 1.0}]
    if new:
        groups.append({'params': list(model.extra.parameters()), 'lr_mult': a.extra_lr_mult,
                       'weight_decay': 0.0})
    if wide:
        groups.append({'params': [params[n] for n in masks], 'lr_mult': 1.0, 'weight_decay': 0.0})
    boost = BoostNew(model, masks, a.extra_lr_mult) if masks else None
    if aux:
        groups.append({'params': list(aux.parameters()), 'lr_mult': a.aux_lr_mult})
    opt = torch.optim.Adam(groups, lr=a.lr, weight_decay=a.weight_decay)
    if ck:
        opt.load_state_dict(ck['opt'])  # its state follows the parameters' device
    # The batches: a fresh generator per (seed, start step); a checkpoint that kept its state
    # continues it, so a resumed run trains on the batches the uninterrupted run would have.
    rng = np.random.default_rng([a.seed, step])
    if ck and not trainkit.restore_rng(ck, rng):
        log('%s has no RNG state (an older checkpoint): new batches from seed %d, step %d' % (resume, a.seed, step))

    def save(tag='last'):
        ck = {'model': model.state_dict(), 'opt': opt.state_dict(), 'step': step, 'wall_s': wall,
              'args': vars(a), 'bins': bins, 'prior': prior, 'history': history,
              'train_images': len(images), 'arch': a.arch, 'width': a.width,
              'extra_blocks': a.extra_blocks, 'middle_width': a.middle_width, 'decoder': a.decoder,
              'sets': images.describe() if hasattr(images, 'describe') else None,
              'aux': aux.state_dict() if aux else None,
              'aux_classes': images.classes if aux else None,
              'rng': trainkit.rng_state(rng)}
        trainkit.save_checkpoint(os.path.join(run_dir, tag + '.pt'), ck)

    val = load_val(a)
    model.train()
    clock, loss_ema = trainkit.Clock(wall, step, a), None
    aux_ema = acc_ema = None  # the classifier's loss and accuracy on the labelled photos of each batch
    stop = trainkit.stop_on_signals()
    stop_reason = 'steps'
    feed = workers.batches(step, a.steps) if workers else None
    while step < a.steps:
        lr = lr_at(step, wall, a)
        trainkit.set_lr(opt, lr)
        if feed:
            L_in, ab, labels = next(feed)
        else:
            L_in, ab, labels = make_batch(images, a.batch, a.crop, rng, degrade_input=not a.no_degrade,
                                          film=a.film, with_labels=True, clean_share=a.clean_share)
        idx, wt = enc(torch.from_numpy(ab).to(dev), STRIDE)
        with torch.autocast(dev.type, dtype=torch.bfloat16, enabled=a.bf16):
            logits = model(normalise_L(torch.from_numpy(L_in).to(dev)).contiguous(memory_format=layout))
        loss = rebalanced_ce(logits.float(), idx, wt, weights_t)
        total = loss  # the log and loss_ema report the colour loss alone, comparable with earlier stages
        if aux and (labels >= 0).any():
            y = torch.from_numpy(labels).to(dev)
            cls = aux(hidden['g'].float())  # bfloat16 under --bf16
            aux_loss = torch.nn.functional.cross_entropy(cls, y, ignore_index=-1)
            total = loss + a.aux_weight * aux_loss
            acc = (cls.argmax(1) == y)[y >= 0].float().mean().item()
            aux_ema = aux_loss.item() if aux_ema is None else 0.98 * aux_ema + 0.02 * aux_loss.item()
            acc_ema = acc if acc_ema is None else 0.98 * acc_ema + 0.02 * acc
        opt.zero_grad(set_to_none=True)
        total.backward()
        if boost:
            boost.before()
        opt.step()
        if boost:
            boost.after()
        step += 1
        wall = clock.wall()
        loss_ema = loss.item() if loss_ema is None else 0.95 * loss_ema + 0.05 * loss.item()

        if step % a.log_every == 0 or step == a.steps:
            extra = {'aux_ema': aux_ema, 'aux_acc_ema': acc_ema} if aux_ema is not None else {}
            log(clock.progress(step, lr, loss=loss.item(), ema=loss_ema, **extra))
        if step % a.val_every == 0 or step == a.steps:
            v = validate(model, val, enc, weights_t)
            v.update(step=step, loss_ema=round(loss_ema, 4), wall_s=round(wall, 1))
            history.append(v)
            log('val', json.dumps(v))
        if step % a.ckpt_every == 0:
            save()
        if a.keep_every and step % a.keep_every == 0:
            save('step%d' % step)
        if a.max_minutes and wall >= a.max_minutes * 60:
            stop_reason = 'max-minutes'
            break
        if stop['why']:
            stop_reason = stop['why']
            break
    if not history or history[-1]['step'] != step:
        v = validate(model, val, enc, weights_t)
        v.update(step=step, loss_ema=round(loss_ema or 0, 4), wall_s=round(wall, 1))
        history.append(v)
        log('val', json.dumps(v))
    save()
    if workers:
        workers.close()
    log('done: %d steps, %.1f min, stopped by %s; checkpoint %s' % (step, wall / 60, stop_reason, last))


if __name__ == '__main__':
    main()
