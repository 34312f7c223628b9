"""Reference logits for the TypeScript parity test (onnxruntime-node vs the torch model).

    /usr/bin/python3 models/train/colorizer/parity.py --ckpt models/train/runs/colorizer-main/last.pt \
        --onnx-dir models > parity.json

stdout: {"model", "H", "W", "L": raw L in [0,100], "input": the tensor fed to the ONNX input "L"
(already normalised with the manifest's mean/std), "dims": [1,Q,H/4,W/4], "logits": [...]}.
Flat arrays are row-major (NCHW). A seeded, smooth random L image keeps logits realistic.
--ckpt may be a shipped .onnx: its weights are read back into the torch model (onnx_weights.py,
what `train.py --init models/colorizer.onnx` does), so the test shows that round trip is exact.
"""
import argparse
import json
import os

import torch
import torch.nn.functional as F

from infer import load_model


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--ckpt', required=True)
    p.add_argument('--onnx-dir', required=True, help='folder with colorizer.json (the manifest)')
    p.add_argument('--name', default='colorizer')
    p.add_argument('--H', type=int, default=32)
    p.add_argument('--W', type=int, default=48)
    p.add_argument('--seed', type=int, default=0)
    a = p.parse_args()
    torch.set_num_threads(1)
    with open(os.path.join(a.onnx_dir, a.name + '.json')) as f:
        man = json.load(f)
    q = len(man['bins'])
    model, ck = load_model(a.ckpt)
    if q != len(ck['bins']):
        raise SystemExit('manifest has %d bins, checkpoint %d: export this checkpoint first' % (q, len(ck['bins'])))
    g = torch.Generator().manual_seed(a.seed)
    L = torch.rand(1, 1, a.H // 4, a.W // 4, generator=g) * 100
    L = F.interpolate(L, size=(a.H, a.W), mode='bilinear', align_corners=False)
    L = L + torch.randn(L.shape, generator=g) * 2  # some texture
    L = L.clamp(0, 100)
    norm = man['input']['normalization']
    x = (L - norm['mean']) / norm['std']
    with torch.no_grad():
        logits = model(x)
    json.dump({'model': man['onnx'], 'H': a.H, 'W': a.W,
               'L': [round(v, 6) for v in L.flatten().tolist()],
               'input': x.flatten().tolist(), 'dims': list(logits.shape),
               'logits': logits.flatten().tolist()}, __import__('sys').stdout)


if __name__ == '__main__':
    main()
