"""What every training recipe shares: flags, the learning-rate schedule, checkpoints, logging, runs/.

Both recipes (colorizer/train.py, segmenter/train.py) build on this so the same flag means the same
thing in both, a run lands in the same place (models/train/runs/<recipe>-<name>/), and a resumed run
draws the very samples the uninterrupted one would have (the checkpoint keeps every RNG's state).

Checkpoints are plain dicts saved with torch.save; what a recipe puts in them is its own business.
This module adds 'wall_s' (training seconds, counted across resumes) and 'rng' (the states of
Python's, numpy's and torch's global generators and of the recipe's own sample stream), and reads
the checkpoints written before it existed (no 'rng'; the segmenter's 'elapsed' for 'wall_s').
"""
import math
import os
import random
import signal
import sys
import time

import numpy as np
import torch

TRAIN_DIR = os.path.dirname(os.path.abspath(__file__))
RUNS_DIR = os.path.join(TRAIN_DIR, 'runs')


# ---- flags ----------------------------------------------------------------------------------

def add_common_args(p, steps, lr, warmup, lr_min_ratio, ckpt_every, log_every=20, name='main'):
    """The flags both recipes have, with the recipe's defaults (its own flags it adds itself)."""
    p.add_argument('--name', '--run', dest='name', default=name,
                   help='run name: checkpoints in <runs-dir>/<recipe>-<name>/ (--run: the old spelling)')
    p.add_argument('--runs-dir', default=RUNS_DIR)
    p.add_argument('--steps', type=int, default=steps)
    p.add_argument('--lr', type=float, default=lr)
    p.add_argument('--lr-min-ratio', type=float, default=lr_min_ratio, help='the cosine decays lr to lr*ratio')
    p.add_argument('--warmup', type=int, default=warmup, help='linear warm-up steps')
    p.add_argument('--threads', type=int, default=1)
    p.add_argument('--seed', type=int, default=0)
    p.add_argument('--log-every', type=int, default=log_every)
    p.add_argument('--ckpt-every', type=int, default=ckpt_every, help='steps between checkpoints (last.pt)')
    p.add_argument('--keep-every', type=int, default=0,
                   help='also keep step<N>.pt every N steps (later steps may overfit: pick by val)')
    p.add_argument('--max-minutes', type=float, default=0,
                   help='training-time budget in minutes, counted across resumes: stop cleanly (and '
                        'checkpoint) when spent; the cosine follows time if that ends before --steps')
    p.add_argument('--resume', nargs='?', const='auto', default=None,
                   help="continue from the run's last.pt (--resume or --resume auto: none is fine), or "
                        'from this checkpoint (--resume PATH: it must exist)')
    p.add_argument('--init', default=None,
                   help='start from the weights of this checkpoint (a further stage: fresh optimiser, '
                        'schedule and step count; ignored when --resume finds a checkpoint)')


def smoke_defaults(p, argv, **defaults):
    """With --smoke on the command line, these become the defaults (a tiny run for CI); flags given
    explicitly still win, so a test can run a smoke-sized run for 4 steps. True if --smoke."""
    smoke = '--smoke' in (sys.argv[1:] if argv is None else argv)
    if smoke:
        p.set_defaults(**defaults)
    return smoke


# ---- runs/ ----------------------------------------------------------------------------------

def run_dir(a, recipe):
    """models/train/runs/<recipe>-<name>/ (created)."""
    d = os.path.join(a.runs_dir, '%s-%s' % (recipe, a.name))
    os.makedirs(d, exist_ok=True)
    return d


def resume_path(a, directory, legacy_dirs=()):
    """The checkpoint --resume means, or None for a fresh start. 'auto' looks in the run's folder,
    then in the folders runs had before runs/<recipe>-<name>/ (so an older run can be resumed)."""
    if not a.resume:
        return None
    if a.resume != 'auto':
        if not os.path.exists(a.resume):
            raise SystemExit('--resume %s: no such checkpoint' % a.resume)
        return a.resume
    for d in (directory, *legacy_dirs):
        p = os.path.join(d, 'last.pt')
        if os.path.exists(p):
            return p
    return None


def keep_init(a, ck):
    """A resumed run keeps the --init its first piece started from (the resume command need not
    repeat it): the checkpoints' args then still name it, and export.py's training record finds
    the stages before this run through it."""
    started_from = (ck.get('args') or {}).get('init')
    if not a.init and started_from:
        a.init = started_from


# ---- schedule -------------------------------------------------------------------------------

def lr_at(step, wall, a):
    """Linear warm-up, then cosine from lr to lr*lr_min_ratio at the end of training.

    The end is a.steps, or the time budget if that comes first: on a shared CPU the speed is not
    known in advance, and a run cut off by time should still finish with a small learning rate.
    """
    if step < a.warmup:
        return a.lr * (step + 1) / a.warmup
    t = (step - a.warmup) / max(1, a.steps - a.warmup)
    if a.max_minutes:
        t = max(t, wall / (a.max_minutes * 60))
    t = min(1.0, t)
    return a.lr * (a.lr_min_ratio + (1 - a.lr_min_ratio) * 0.5 * (1 + math.cos(math.pi * t)))


def set_lr(opt, lr):
    for g in opt.param_groups:
        g['lr'] = lr * g.get('lr_mult', 1.0)


# ---- CPU ------------------------------------------------------------------------------------

def use_cpu(threads):
    """Threads, and flush denormal floats to zero.

    Why: weight decay and a falling lr drive weights, gradients and Adam's moments into denormal
    range (below 1.2e-38), where every x86 multiply takes ~100 times longer. Stage 7 slowed from
    0.44 to 0.96 s/step over its first 3,000 steps; its checkpoint at step 3,540 (2,160 denormal
    weights, 56,623 in Adam's first moment) took 0.97 s per step without the flush and 0.32 s
    with it (2 threads, batch 16, crop 128). Values that small change nothing a float32 weight does.
    """
    torch.set_num_threads(threads)
    torch.set_flush_denormal(True)


# ---- RNG ------------------------------------------------------------------------------------

def seed_everything(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def _stream_state(stream):
    if isinstance(stream, torch.Generator):
        return stream.get_state()
    return stream.bit_generator.state  # numpy Generator


def _set_stream_state(stream, state):
    if isinstance(stream, torch.Generator):
        stream.set_state(state)
    else:
        stream.bit_generator.state = state


def rng_state(stream=None):
    """Every generator a step may draw from: the globals, and the recipe's sample stream."""
    return {'python': random.getstate(), 'numpy': np.random.get_state(), 'torch': torch.get_rng_state(),
            'stream': None if stream is None else _stream_state(stream)}


def restore_rng(ck, stream=None):
    """Put the generators back as the checkpoint saw them. False for a checkpoint without them (one
    written before this module): the caller then starts a fresh, reproducible stream."""
    st = ck.get('rng')
    if not st:
        return False
    random.setstate(st['python'])
    np.random.set_state(st['numpy'])
    torch.set_rng_state(st['torch'])
    if stream is not None and st.get('stream') is not None:
        _set_stream_state(stream, st['stream'])
    return True


# ---- checkpoints ----------------------------------------------------------------------------

def save_checkpoint(path, ck):
    """Write a checkpoint dict; a kill mid-save never leaves a broken file (temporary, then rename)."""
    tmp = path + '.tmp'
    torch.save(ck, tmp)
    os.replace(tmp, path)


def load_checkpoint(path):
    """A checkpoint dict on the CPU, from any version of the recipes (older ones: 'elapsed' is
    'wall_s'; no 'rng')."""
    try:
        ck = torch.load(path, map_location='cpu', weights_only=False)  # numpy arrays and RNG states inside
    except TypeError:  # a torch without weights_only (before 1.13)
        ck = torch.load(path, map_location='cpu')
    if 'wall_s' not in ck and 'elapsed' in ck:
        ck['wall_s'] = ck['elapsed']
    return ck


# ---- time and logging -----------------------------------------------------------------------

def log(*msg):
    """One line: HH:MM:SS then the message, flushed (logs are tailed while a run goes on)."""
    print(time.strftime('%H:%M:%S'), *msg, flush=True)


class Clock:
    """Training time across resumes (wall_s in the checkpoint), speed and ETA for the log line."""

    def __init__(self, wall_s, step, a):
        self.wall0, self.step0, self.t0, self.a = wall_s, step, time.time(), a

    def wall(self):
        return self.wall0 + time.time() - self.t0

    def out_of_time(self):
        return bool(self.a.max_minutes) and self.wall() >= self.a.max_minutes * 60

    def progress(self, step, lr, **losses):
        """The step line both recipes log: step, losses, lr, s/step, elapsed, ETA."""
        wall = self.wall()
        sps = (step - self.step0) / max(1e-9, wall - self.wall0)
        eta = (self.a.steps - step) / max(sps, 1e-9)
        if self.a.max_minutes:
            eta = min(eta, self.a.max_minutes * 60 - wall)
        parts = ' '.join('%s %.4f' % kv for kv in losses.items())
        return 'step %d/%d %s lr %.2e | %.2f s/step | elapsed %.1f min | ETA %.1f min' % (
            step, self.a.steps, parts, lr, 1 / max(sps, 1e-9), wall / 60, eta / 60)


def stop_on_signals():
    """SIGTERM/SIGINT ask for a clean stop (checkpoint, then exit) instead of killing mid-step.
    Returns a dict whose 'why' is set when one came."""
    stop = {'why': None}
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda s, _f: stop.update(why='signal %d' % s))
    return stop
