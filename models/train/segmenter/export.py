"""Export a checkpoint to models/segmenter.onnx + models/segmenter.json (the engine's contract).

    /usr/bin/python3 models/train/segmenter/export.py --ckpt models/train/runs/segmenter-main/best.pt \
        --eval models/train/runs/segmenter-main/eval.json

The pixel-difference convs are baked into plain convs first (net.deploy()), so the graph holds
only Conv, Relu, Add, MaxPool, Resize, Concat and Sigmoid. Input 'L' [1,1,H,W] = (L - 50) / 50,
output 'boundary' [1,1,H,W] = sigmoid(fused), H and W dynamic (multiples of 16).
"""
import argparse
import json
import os
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from net import Exported, count_params  # noqa: E402

MODELS_DIR = os.path.abspath(os.path.join(HERE, "..", ".."))
PLAIN_OPS = {"Conv", "Relu", "Add", "MaxPool", "Resize", "Concat", "Sigmoid", "Constant"}


def export_onnx(net, path, opset=13):
    """Bake pdcs, export with dynamic H/W; returns the deploy-form module (for parity)."""
    model = Exported(net.deploy()).eval()
    x = torch.zeros(1, 1, 64, 96)
    with torch.no_grad():
        torch.onnx.export(model, x, path, opset_version=opset, input_names=["L"],
                          output_names=["boundary"], do_constant_folding=True,
                          dynamic_axes={"L": {2: "H", 3: "W"}, "boundary": {2: "H", 3: "W"}})
    return model


def check_onnx(path):
    """Structural check with the onnx package when it is installed (Debian: python3-onnx):
    valid model, the contract's names, dynamic H/W, plain ops only. Returns the op set."""
    try:
        import onnx
    except ImportError:
        print("check_onnx: onnx package not installed, structural check skipped", flush=True)
        return None
    m = onnx.load(path)
    onnx.checker.check_model(m)
    ops = {n.op_type for n in m.graph.node}
    assert ops <= PLAIN_OPS, f"unexpected ops {ops - PLAIN_OPS}"
    assert [i.name for i in m.graph.input] == ["L"], m.graph.input
    assert [o.name for o in m.graph.output] == ["boundary"], m.graph.output
    dims = [d.dim_param or d.dim_value for d in m.graph.input[0].type.tensor_type.shape.dim]
    assert dims[:2] == [1, 1] and all(isinstance(d, str) for d in dims[2:]), dims
    return sorted(ops)


def command(a):
    """The train.py command line a checkpoint's arguments stand for."""
    return ("/usr/bin/python3 models/train/segmenter/train.py " +
            " ".join(f"--{k.replace('_', '-')} {a[k]}" for k in
                     ("name", "width", "steps", "batch", "crop", "lr", "lr_min_ratio", "weight_decay",
                      "warmup", "lmbda", "eta", "scale_min", "scale_max", "small_angle", "degrade",
                      "threads", "seed", "max_minutes", "init") if a.get(k) not in (None, 0)))


def stages(ck):
    """Each training stage (train.py --init chains them), first stage first."""
    out = []
    while True:
        a = ck["args"]
        out.insert(0, {"run": a["name"], "steps": ck["step"], "wallMinutes": round(ck["wall_s"] / 60, 1),
                       "lr": a["lr"], "command": command(a)})
        if not a.get("init") or not os.path.exists(a["init"]):
            return out
        import checkpoint
        ck = checkpoint.load(a["init"])


def manifest(ck, params, input_size, eval_res, timing, version="1.0.0"):
    a = ck["args"]
    cmd = command(a)
    chain = stages(ck)
    training = {
        "recipe": "PiDiNet-style boundary net (pixel-difference convs, carv4, no CDCM/CSAM), "
                  "from scratch; HED deep supervision; RCF class-balanced BCE on annotator consensus",
        "architecture": {"width": a["width"], "params": params, "stages": 4, "blocks": 15},
        "steps": sum(st["steps"] for st in chain), "batch": a["batch"], "crop": a["crop"],
        "wallMinutes": round(sum(st["wallMinutes"] for st in chain), 1),
        "machine": f"2-core x86 CPU, PyTorch {torch.__version__.split('+')[0]}, {a['threads']} thread(s)",
        "command": cmd,
        "augmentation": "90-degree rotations, +-{}deg rotations, scale {}-{}, flips; grain, blur, "
                        "gamma/contrast fading on L".format(a["small_angle"], a["scale_min"], a["scale_max"]),
    }
    if len(chain) > 1:
        training["stages"] = chain
    if eval_res:
        training["validation"] = eval_res
    if timing:
        training["forwardMs"] = timing
    return {
        "format": "tinct-model/1", "kind": "segmenter", "name": "tinct-segmenter", "version": version,
        "onnx": "segmenter.onnx",
        "input": {"name": "L", "normalization": {"mean": 50, "std": 50}},
        "output": {"name": "boundary", "stride": 1},
        "multipleOf": 16, "inputSize": input_size,
        "license": "MIT (weights, like the project). Trained on BSDS500, research data of its authors "
                   "(Arbelaez, Maire, Fowlkes, Malik, TPAMI 2011).",
        "trainingData": "BSDS500 train split (200 images, 1,087 human segmentations), grey L only; "
                        "validated on BSDS500 val (100 images), never trained on it.",
        "training": training,
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ckpt", required=True)
    ap.add_argument("--out-dir", default=MODELS_DIR)
    ap.add_argument("--opset", type=int, default=13)
    ap.add_argument("--input-size", type=int, default=480, help="recommended working long side")
    ap.add_argument("--eval", default=None, help="JSON from eval_boundary.py --out")
    ap.add_argument("--timing", default=None, help="JSON from bench.py --out")
    ap.add_argument("--version", default="1.0.0", help="the model's version in the manifest")
    args = ap.parse_args()

    import checkpoint
    ck = checkpoint.load(args.ckpt)
    net = checkpoint.load_net(args.ckpt)
    onnx_path = os.path.join(args.out_dir, "segmenter.onnx")
    deployed = export_onnx(net, onnx_path, args.opset)
    ops = check_onnx(onnx_path)

    # The deploy form must reproduce the training form (it is the same maths, re-arranged).
    x = torch.from_numpy(np.random.default_rng(0).uniform(-1, 1, (1, 1, 96, 144)).astype(np.float32))
    with torch.no_grad():
        diff = (deployed(x) - torch.sigmoid(net(x)[-1])).abs().max().item()
    assert diff < 1e-5, f"deploy form differs from training form by {diff}"

    load = lambda p: json.load(open(p)) if p else None  # noqa: E731
    man = manifest(ck, count_params(net), args.input_size, load(args.eval), load(args.timing), args.version)
    with open(os.path.join(args.out_dir, "segmenter.json"), "w") as f:
        json.dump(man, f, indent=2)
        f.write("\n")
    print(json.dumps({"onnx": onnx_path, "bytes": os.path.getsize(onnx_path), "ops": ops,
                      "params": count_params(net), "deployMaxDiff": diff}))


if __name__ == "__main__":
    main()
