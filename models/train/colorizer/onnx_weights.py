"""Read a shipped colorizer.onnx back into the torch model, so that training continues from what
landed (`train.py --init models/colorizer.onnx`) on a machine without the checkpoints.

torch.onnx.export (eval mode) folds every BatchNorm into the convolution before it, so the graph
holds one weight and one bias per Conv and no BN statistics. Reading back, each conv gets the
folded weight and its BatchNorm becomes the identity plus the folded bias (running mean 0,
running var 1, gamma sqrt(1 + eps), beta = bias): in eval mode the model computes the same logits
as the graph. In training mode BN normalises by batch statistics instead, which would change the
function at the first step: train.py therefore gives the BNs the data's statistics right after
(bn_calibrate.py).

Convs and Linears are matched in graph order against the model's modules in registration order
(which is their forward order in model.py); every shape is checked, so an ONNX of another
architecture or width is refused with a message instead of being loaded wrongly.
"""
import json
import os

import numpy as np
import torch
import torch.nn as nn


def _onnx():
    try:
        import onnx
        from onnx import numpy_helper
        return onnx, numpy_helper
    except ImportError:
        raise SystemExit('--init from an .onnx needs the onnx python package (Debian: python3-onnx)')


def graph_layers(path):
    """[(op, weight, bias)] for every Conv and Gemm of the graph, in graph order."""
    onnx, numpy_helper = _onnx()
    g = onnx.load(path).graph
    init = {t.name: numpy_helper.to_array(t) for t in g.initializer}
    out = []
    for n in g.node:
        if n.op_type in ('Conv', 'Gemm'):
            w = init.get(n.input[1])
            b = init.get(n.input[2]) if len(n.input) > 2 else None
            if w is None:
                raise SystemExit('%s: %s node %s has no constant weight' % (path, n.op_type, n.name))
            if n.op_type == 'Gemm':
                attrs = {a.name: a.i for a in n.attribute}
                if not attrs.get('transB', 0):
                    w = w.T
            out.append((n.op_type, w, b))
    return out


def model_layers(model):
    """[(module, batchnorm after it or None)] for every Conv2d and Linear, registration order."""
    mods = list(model.modules())
    out = []
    for i, m in enumerate(mods):
        if isinstance(m, (nn.Conv2d, nn.Linear)):
            bn = mods[i + 1] if i + 1 < len(mods) and isinstance(mods[i + 1], nn.BatchNorm2d) else None
            out.append((m, bn))
    return out


def _new_layers(model, missing):
    """The conv/linear modules of the residual blocks a grown model adds beyond the graph's
    (model.extra's last blocks, holding `missing` layers), or None when no count of whole blocks fits."""
    blocks = list(getattr(model, 'extra', None) or [])
    per_block = [[x for x in b.modules() if isinstance(x, (nn.Conv2d, nn.Linear))] for b in blocks]
    count = 0
    for k in range(len(blocks) - 1, -1, -1):
        count += len(per_block[k])
        if count == missing:
            return {id(x) for layers in per_block[k:] for x in layers}
    return None


@torch.no_grad()
def load_onnx_into(model, path):
    """Copy the graph's weights into `model` (same arch and width); raise with a reason otherwise.
    Returns the number of layers left as they were: 0, or, when `model` has more residual blocks
    than the graph (growing a model deeper, train.py --extra-blocks), those blocks' layers, which
    start as the identity (model.Residual), so the grown model computes the graph's logits."""
    if ((manifest_of(path) or {}).get('training') or {}).get('logitMix'):
        raise SystemExit('%s: a logit_mix.py graph (several models\' logits, or a bias added) is for '
                         'measuring through the engine, not one network to read back' % path)
    g, m = graph_layers(path), model_layers(model)
    new = _new_layers(model, len(m) - len(g)) if len(m) > len(g) else None
    grown = 0
    if new:
        m = [(mod, bn) for mod, bn in m if id(mod) not in new]
        grown = len(new)
    if len(g) != len(m):
        raise SystemExit('%s: %d conv/linear layers, the %s model has %d (another architecture, or'
                         ' another --extra-blocks? the manifest says which)'
                         % (path, len(g), type(model).__name__, len(m)))
    for k, ((op, w, b), (mod, bn)) in enumerate(zip(g, m)):
        if tuple(w.shape) != tuple(mod.weight.shape):
            raise SystemExit('%s: layer %d weight %s, the model expects %s (another width?)'
                             % (path, k, list(w.shape), list(mod.weight.shape)))
        mod.weight.copy_(torch.from_numpy(np.array(w, dtype=np.float32)))
        bias = torch.zeros(w.shape[0]) if b is None else torch.from_numpy(np.array(b, dtype=np.float32))
        if bn is not None:
            bn.running_mean.zero_()
            bn.running_var.fill_(1.0)
            bn.weight.fill_(float(np.sqrt(1.0 + bn.eps)))
            bn.bias.copy_(bias)
            if mod.bias is not None:
                mod.bias.zero_()
        elif mod.bias is not None:
            mod.bias.copy_(bias)
        else:
            raise SystemExit('%s: layer %d has a bias the model cannot hold' % (path, k))
    return grown


def manifest_of(onnx_path):
    """The manifest beside an .onnx (bins, prior, training record), or None."""
    j = os.path.splitext(onnx_path)[0] + '.json'
    if not os.path.exists(j):
        return None
    with open(j) as f:
        return json.load(f)
