"""Training batches made by worker processes (train.py --workers N), for a GPU machine's many cores.

On the 2-core CPU machine each batch is made in the training loop from one generator whose state
checkpoints carry. On a GPU the network step takes milliseconds and the batches (crops, Lab, the
old-print degradation, in numpy and PIL) are the bottleneck, so N forked processes make them.
The batch of step k is drawn from its own generator, default_rng([seed, k, 7]): it does not depend
on which process made it, or on a resume. At most `depth` batches wait, so memory stays flat.
"""
import multiprocessing as mp
import signal
from collections import deque

import numpy as np

from data import make_batch, CLEAN_SHARE

_JOB = {}  # set before the fork: the children inherit the photos copy-on-write


def _child_init():
    # Stops are the parent's business (it checkpoints, then ends the pool).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    try:
        import torch
        torch.set_num_threads(1)
    except ImportError:
        pass


def _batch(step):
    j = _JOB
    rng = np.random.default_rng([j['seed'], step, 7])
    L, ab, labels = make_batch(j['images'], j['batch'], j['crop'], rng, degrade_input=j['degrade'], film=j['film'],
                               with_labels=True, clean_share=j['clean_share'])
    # Half the bytes through the pipe (a batch of 64 at 128 px is 12.6 MB as float32, and a GPU
    # takes ~50 a second); L and ab move by at most 0.03, far below a 10-unit bin.
    return L.astype(np.float16), ab.astype(np.float16), labels


class BatchWorkers:
    def __init__(self, workers, images, batch, crop, seed, degrade=True, film=0.0, depth=None,
                 clean_share=CLEAN_SHARE):
        _JOB.update(images=images, batch=batch, crop=crop, seed=seed, degrade=degrade, film=film,
                    clean_share=clean_share)
        # Fork, and before the parent touches CUDA: the children never do.
        self.pool = mp.get_context('fork').Pool(workers, initializer=_child_init)
        self.depth = depth or 2 * workers

    def batches(self, start, stop):
        """(L_in, ab, labels) of steps start, start + 1, … stop − 1, in order (make_batch's with_labels)."""
        pending, nxt = deque(), start
        while True:
            while len(pending) < self.depth and nxt < stop:
                pending.append(self.pool.apply_async(_batch, (nxt,)))
                nxt += 1
            if not pending:
                return
            L, ab, labels = pending.popleft().get()
            yield L.astype(np.float32), ab.astype(np.float32), labels

    def close(self):
        # close(), not terminate(): terminate() stops the children with SIGTERM, which they ignore
        # (see _child_init), so join() could wait for ever. Closed, each finishes the few batches
        # still queued (at most `depth`) and exits.
        self.pool.close()
        self.pool.join()
