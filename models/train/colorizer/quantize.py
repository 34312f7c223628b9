"""Store a colorizer's weights as int8 (weight-only quantisation), for a wider network within 15 MB.

    /usr/bin/python3 models/train/colorizer/quantize.py models/colorizer.onnx scratch/q8/colorizer.onnx

Every Conv and Gemm weight becomes an int8 initializer with one float scale per output channel
(symmetric, zero point 0) and a DequantizeLinear node in front of the layer; biases and
activations stay float32, so the engine's contract is unchanged. Written by hand because
onnxruntime's own quantiser (onnxruntime.quantization) is a Python wheel this machine cannot
install (no onnxruntime in Debian, no PyPI). The manifest beside the input is copied beside the
output with its `onnx` field renamed, so the engine and eval:color take the result as a model.
"""
import argparse
import json
import os

import numpy as np
import onnx
from onnx import helper, numpy_helper


def quantize_per_channel(w):
    """Symmetric int8 per output channel (axis 0): w ≈ q * scale[c]."""
    flat = w.reshape(w.shape[0], -1)
    scale = np.abs(flat).max(axis=1) / 127.0
    scale[scale == 0] = 1.0  # an all-zero channel: any scale gives back zeros
    shape = (-1,) + (1,) * (w.ndim - 1)
    q = np.clip(np.round(w / scale.reshape(shape)), -127, 127).astype(np.int8)
    return q, scale.astype(np.float32)


def quantize_model(model):
    """Rewrites `model` in place; returns how many weights were quantised and their element count."""
    graph = model.graph
    inits = {i.name: i for i in graph.initializer}
    done, elements, new_nodes = 0, 0, []
    for node in graph.node:
        if node.op_type in ('Conv', 'Gemm') and len(node.input) > 1 and node.input[1] in inits:
            if node.op_type == 'Gemm':
                trans_b = next((a.i for a in node.attribute if a.name == 'transB'), 0)
                if not trans_b:
                    new_nodes.append(node)  # output channels on axis 1: left float (torch exports transB=1)
                    continue
            name = node.input[1]
            w = numpy_helper.to_array(inits[name]).astype(np.float32)
            q, scale = quantize_per_channel(w)
            graph.initializer.remove(inits.pop(name))
            graph.initializer.extend([numpy_helper.from_array(q, name + '_q8'),
                                      numpy_helper.from_array(scale, name + '_scale'),
                                      numpy_helper.from_array(np.zeros(q.shape[0], np.int8), name + '_zero')])
            new_nodes.append(helper.make_node('DequantizeLinear', [name + '_q8', name + '_scale', name + '_zero'],
                                              [name], axis=0, name=name + '_dequant'))
            done += 1
            elements += w.size
        new_nodes.append(node)
    del graph.node[:]
    graph.node.extend(new_nodes)
    return done, elements


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('src')
    p.add_argument('dst')
    a = p.parse_args()
    model = onnx.load(a.src)
    if max(o.version for o in model.opset_import if o.domain in ('', 'ai.onnx')) < 13:
        raise SystemExit('%s: per-channel DequantizeLinear needs opset 13 or later' % a.src)
    done, elements = quantize_model(model)
    onnx.checker.check_model(model)
    os.makedirs(os.path.dirname(os.path.abspath(a.dst)), exist_ok=True)
    tmp = a.dst + '.tmp'
    onnx.save(model, tmp)
    os.replace(tmp, a.dst)
    src_manifest = os.path.splitext(a.src)[0] + '.json'
    if os.path.exists(src_manifest):
        with open(src_manifest) as f:
            man = json.load(f)
        man['onnx'] = os.path.basename(a.dst)
        man['quantization'] = 'int8 weights per output channel (quantize.py), float32 activations'
        dst_manifest = os.path.splitext(a.dst)[0] + '.json'
        with open(dst_manifest + '.tmp', 'w') as f:
            json.dump(man, f, indent=1)
        os.replace(dst_manifest + '.tmp', dst_manifest)
    print('%s: %d weights (%s values) as int8; %.1f MB -> %.1f MB' % (
        a.dst, done, format(elements, ','), os.path.getsize(a.src) / 1e6, os.path.getsize(a.dst) / 1e6))


if __name__ == '__main__':
    main()
