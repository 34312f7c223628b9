"""One colorizer graph whose logits are a weighted sum of other colorizers' logits, optionally
plus a bias towards (β < 0) or away from (β > 0) the rare colours:

    logits = Σ wᵢ · logitsᵢ + β · log((1 − λ)·p̃ + λ/Q)

    /usr/bin/python3 models/train/colorizer/logit_mix.py models/colorizer.onnx <stage>/colorizer.onnx \
        --out scratch/ens/colorizer.onnx                       # the two averaged (wᵢ = 1/n)
    /usr/bin/python3 models/train/colorizer/logit_mix.py models/colorizer.onnx=1 --beta -0.15 \
        --out scratch/beta/colorizer.onnx                      # one model, biased to rare colours

For measuring decode-side levers through the engine (`npm run eval:color -- … --model <out>`),
not for shipping: an ensemble of n models is n times the file and the time. Why both levers live
here: each is a fixed change of the logits the engine decodes, so a graph with the change built in
is measured exactly as a shipped model would be.
- Ensembles (a prediction-space mean, where blend.py takes the weight-space one): the models share
  the input L; each model's graph is copied in under its own prefix.
- The bias: training weighs each pixel by w = ((1 − λ)·p̃ + λ/Q)⁻¹ (train.py, λ = 0.5, p̃ the
  manifest's prior), so the network predicts about w · posterior; β = 1 takes the weighting back
  out (warm_cast.py measured β ≥ 0), β < 0 adds more of it: rarer, more saturated colours.
Weights: PATH=W sets a model's; models without one share what the others leave of 1. The first
model's manifest is copied beside the output with the mix recorded (and "+mix" on its version, so
eval tables do not take it for the model itself); λ is that model's training λ. Models whose bins
or opsets differ are refused; train.py --init and warm_cast.py refuse a mixed graph (it is not one
network).
"""
import argparse
import json
import os
import sys

import numpy as np

from onnx_weights import _onnx, manifest_of

REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..'))

LAMBDA = 0.5  # train.py's --lam default, for a manifest that does not record its own


def training_lambda(manifest):
    return float(((manifest.get('training') or {}).get('flags') or {}).get('lam', LAMBDA))


def rebalancing_log(manifest, lam):
    p = np.asarray(manifest['prior'], np.float64)
    p = p / p.sum()
    return np.log((1.0 - lam) * p + lam / len(p))


def load(path):
    onnx, _ = _onnx()
    try:
        return onnx.load(path)
    except Exception as e:  # noqa: BLE001 - protobuf's errors have no common base worth naming
        raise SystemExit('%s: not an ONNX model (%s)' % (path, str(e).splitlines()[0] if str(e) else type(e).__name__))


def opsets(model):
    return sorted((o.domain, o.version) for o in model.opset_import)


def mixed_graph(paths, weights, beta, manifest):
    onnx, numpy_helper = _onnx()
    from onnx import compose, helper
    models = [load(path) for path in paths]
    first = models[0]
    in_name, out_name = first.graph.input[0].name, first.graph.output[0].name
    nodes, inits, terms, ir = [], [], [], first.ir_version
    for i, (path, m, w) in enumerate(zip(paths, models, weights)):
        if opsets(m) != opsets(first):
            raise SystemExit('%s: opsets %s, %s has %s (export both with one export.py --opset)'
                             % (path, opsets(m), paths[0], opsets(first)))
        ir = max(ir, m.ir_version)
        if (m.graph.input[0].name, m.graph.output[0].name) != (in_name, out_name):
            raise SystemExit('%s: input/output %s/%s, %s has %s/%s' % (path, m.graph.input[0].name,
                             m.graph.output[0].name, paths[0], in_name, out_name))
        g = compose.add_prefix(m, 'm%d_' % i).graph
        for n in g.node:  # every model reads the one shared input
            n.input[:] = [in_name if x == 'm%d_%s' % (i, in_name) else x for x in n.input]
        nodes += g.node
        inits += g.initializer
        inits.append(numpy_helper.from_array(np.float32(w), 'mix_w%d' % i))
        nodes.append(helper.make_node('Mul', ['m%d_%s' % (i, out_name), 'mix_w%d' % i], ['mix_t%d' % i]))
        terms.append('mix_t%d' % i)
    if beta:
        bias = (beta * rebalancing_log(manifest, training_lambda(manifest))).astype(np.float32).reshape(1, -1, 1, 1)
        inits.append(numpy_helper.from_array(bias, 'mix_bias'))
        terms.append('mix_bias')
    nodes.append(helper.make_node('Sum', terms, [out_name]))
    graph = helper.make_graph(nodes, 'logit_mix', [first.graph.input[0]], [first.graph.output[0]], inits)
    model = helper.make_model(graph, opset_imports=first.opset_import)
    model.ir_version = ir
    onnx.checker.check_model(model)
    return model


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('models', nargs='+', help='exported colorizers, each PATH or PATH=WEIGHT (see above)')
    p.add_argument('--beta', type=float, default=0.0, help='bias of the rebalancing log-prior, see above')
    p.add_argument('--out', required=True)
    a = p.parse_args()
    paths, given = [], []
    for spec in a.models:
        path, eq, w = spec.rpartition('=') if '=' in spec else (spec, '', '')
        if not os.path.exists(path):
            sys.exit('%s: no such file' % path)
        try:
            given.append(float(w) if eq else None)
        except ValueError:
            sys.exit('%s: the weight after "=" is not a number' % spec)
        paths.append(path)
    rest = [k for k, w in enumerate(given) if w is None]
    share = (1.0 - sum(w for w in given if w is not None)) / len(rest) if rest else 0.0
    weights = [share if w is None else w for w in given]
    out = os.path.abspath(a.out)
    if out in {os.path.abspath(x) for x in paths} | {os.path.join(REPO, 'models', 'colorizer.onnx')}:
        sys.exit('%s: would overwrite a model it reads or the shipped one; name another --out' % a.out)
    manifests = [manifest_of(path) for path in paths]
    for path, man in zip(paths, manifests):
        if man is None:
            sys.exit('%s: its manifest (.json beside it) is needed for the bins and prior' % path)
        if man.get('bins') != manifests[0].get('bins'):
            sys.exit('%s: its bins differ from %s\'s, so the outputs do not mean the same colours' % (path, paths[0]))
    model = mixed_graph(paths, weights, a.beta, manifests[0])

    onnx, _ = _onnx()
    record = {'models': ['%s %s' % (m.get('name'), m.get('version')) for m in manifests],
              'weights': weights, 'beta': a.beta, 'lambda': training_lambda(manifests[0]),
              'what': 'sum of weight * logits, plus beta * log((1 - lambda) * prior + lambda / Q)'}
    man = dict(manifests[0], onnx=os.path.basename(out), version='%s+mix' % manifests[0].get('version'))
    man['training'] = dict(man.get('training', {}), logitMix=record)
    json_path = os.path.splitext(out)[0] + '.json'
    os.makedirs(os.path.dirname(out), exist_ok=True)
    # Both files written in full first, then renamed: never a new graph beside a stale manifest.
    onnx.save(model, out + '.tmp')
    with open(json_path + '.tmp', 'w') as f:
        json.dump(man, f, indent=1)
        f.write('\n')
    os.replace(out + '.tmp', out)
    os.replace(json_path + '.tmp', json_path)
    print('wrote %s (%d model(s), weights %s, beta %g) and %s' % (a.out, len(paths), weights, a.beta, json_path))


if __name__ == '__main__':
    main()
