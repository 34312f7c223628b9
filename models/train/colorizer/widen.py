"""Grow a trained colorizer wider (train.py --middle-width / --decoder) so that it starts by computing
exactly what it grew from.

A widened layer keeps its trained channels as the leading slice of each tensor; the channels it
gains start from the layer's own random initialisation, and the next layer's weights that read
them start at 0, so no trained output depends on a new channel: the widened model's logits are the
old model's (training-parity.test.ts). Training then decides what the new channels carry. Those
elements start from nothing while the rest is fine-tuned at a low lr, so they get a larger lr
(BoostNew, like the residual blocks of --extra-blocks), and the tensors holding them no weight
decay (train.py says why).
"""
import torch


def _old_slice(old_shape):
    return tuple(slice(0, s) for s in old_shape)


def new_element_masks(old, new):
    """{parameter name: bool mask of the elements `new` has beyond `old`'s shapes}, for the
    parameters whose shape grew. Shapes alone decide it, so a resumed run finds the same masks."""
    old_params = dict(old.named_parameters())
    masks = {}
    for name, p in new.named_parameters():
        o = old_params.get(name)
        if o is None or o.shape == p.shape:
            continue
        if o.dim() != p.dim() or any(a > b for a, b in zip(o.shape, p.shape)):
            raise SystemExit('widen: %s %s cannot grow into %s' % (name, list(o.shape), list(p.shape)))
        m = torch.ones(p.shape, dtype=torch.bool)
        m[_old_slice(o.shape)] = False
        masks[name] = m
    return masks


@torch.no_grad()
def widen(old, new):
    """Copy `old`'s parameters and BatchNorm statistics into the leading slices of `new`'s (same
    layers, some wider) and zero every weight by which an old output would read a new input.
    Returns new_element_masks(old, new)."""
    old_state = old.state_dict()
    for name, t in new.state_dict().items():
        o = old_state[name]
        if o.shape == t.shape:
            t.copy_(o)
            continue
        t[_old_slice(o.shape)] = o
        if t.dim() >= 2 and t.shape[1] > o.shape[1]:
            t[:o.shape[0], o.shape[1]:] = 0  # conv/linear weight [out, in, ...]: old outputs ignore new inputs
    return new_element_masks(old, new)


class BoostNew:
    """Scale each optimiser step of the new elements by `mult` (their lr as a multiple of the
    rest's). Adam's step does not scale with the gradient, so the step itself is scaled:
    p = before + mult * (after - before), on the masked elements only."""

    def __init__(self, model, masks, mult):
        params = dict(model.named_parameters())
        self.pairs = [(params[n], m.to(params[n].device)) for n, m in masks.items()]
        self.mult = mult
        self.saved = []

    def before(self):
        self.saved = [p.detach()[m].clone() for p, m in self.pairs]

    @torch.no_grad()
    def after(self):
        for (p, m), b in zip(self.pairs, self.saved):
            p[m] = b + self.mult * (p[m] - b)
