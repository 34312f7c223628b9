"""Train the segmenter's boundary network (PiDiNet-style, from scratch) on BSDS500 train.

    /usr/bin/python3 models/train/segmenter/train.py --run main --steps 1500 --max-minutes 75
    /usr/bin/python3 models/train/segmenter/train.py --smoke        # CI: 2 steps + ONNX export

Loss (HED / RCF): class-balanced binary cross-entropy on each side output and on the fused
output, summed. Pixels with annotator consensus >= eta are positive, 0 negative, in between
ignored; positives weigh |neg|/|all|, negatives lambda*|pos|/|all| (per crop).
The learning rate warms up and then follows a cosine to 1% of --lr; its progress is the larger
of step/steps and elapsed/max-minutes, so a run that is slower than planned still anneals
before --max-minutes stops it. Checkpoints: runs/<run>/last.pt (every --ckpt-every steps and
on stop, SIGTERM included) and best.pt (best validation ODS F).
"""
import argparse
import math
import os
import random
import signal
import sys
import tempfile
import time

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import augment  # noqa: E402
import checkpoint  # noqa: E402
import data  # noqa: E402
import eval_boundary  # noqa: E402
from net import BoundaryNet, count_params  # noqa: E402


def parse_args(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    a = ap.add_argument
    a("--data", default=data.DEFAULT_DATA, help="BSDS500 folder with train/ and val/")
    a("--run", default="main", help="run name: checkpoints go to runs/<run>/")
    a("--runs-dir", default=os.path.join(HERE, "runs"))
    a("--width", type=int, default=24, help="channels of stage 1 (PiDiNet tiny 20, small 30)")
    a("--steps", type=int, default=1500)
    a("--batch", type=int, default=4)
    a("--crop", type=int, default=256, help="square crop side, a multiple of 8")
    a("--lr", type=float, default=2e-3)
    a("--wd", type=float, default=1e-4)
    a("--warmup", type=int, default=50, help="linear warm-up steps")
    a("--lmbda", type=float, default=1.1, help="negative weight factor (RCF lambda)")
    a("--eta", type=float, default=0.3, help="consensus at or above this is a positive")
    a("--side-weight", type=float, default=1.0, help="weight of each side-output loss")
    a("--scale-min", type=float, default=0.6)
    a("--scale-max", type=float, default=1.4)
    a("--small-angle", type=float, default=15.0, help="max small rotation (deg), plus 90s")
    a("--degrade", type=float, default=1.0, help="degradation strength, 0 = clean L")
    a("--threads", type=int, default=1)
    a("--seed", type=int, default=0)
    a("--log-every", type=int, default=20)
    a("--val-every", type=int, default=250)
    a("--val-images", type=int, default=12, help="first N val images for the periodic check")
    a("--ckpt-every", type=int, default=100)
    a("--max-minutes", type=float, default=None, help="stop cleanly (with checkpoint) after this")
    a("--resume", default=None, help="checkpoint path, or 'auto' for runs/<run>/last.pt")
    a("--init", default=None, help="start from this checkpoint's weights with a fresh optimiser "
      "and schedule (a further training stage); ignored when --resume finds a checkpoint")
    a("--smoke", action="store_true", help="2 steps on 4 tiny images, then export to a temp dir")
    args = ap.parse_args(argv)
    if args.smoke:
        args.steps, args.batch, args.crop, args.width = 2, 2, 64, 8
        args.log_every, args.val_every, args.ckpt_every = 1, 0, 0
        args.run = "smoke"
        args.runs_dir = tempfile.mkdtemp(prefix="tinct-seg-smoke-")
    return args


def balanced_bce(logits, y, valid, eta, lmbda):
    """Class-balanced BCE, mean over the crop's pixels (ignored pixels weigh 0)."""
    pos = (y >= eta) & valid
    neg = (y <= 1e-3) & valid
    n_pos = pos.sum(dim=(1, 2, 3), keepdim=True).float()
    n_neg = neg.sum(dim=(1, 2, 3), keepdim=True).float()
    n = (n_pos + n_neg).clamp(min=1)
    w = pos * (n_neg / n) + neg * (lmbda * n_pos / n)
    bce = F.binary_cross_entropy_with_logits(logits, pos.float(), reduction="none")
    return (w * bce).sum() / valid.numel()


def lr_at(step, elapsed, args):
    if step < args.warmup:
        return args.lr * (step + 1) / args.warmup
    progress = (step - args.warmup) / max(1, args.steps - args.warmup)
    if args.max_minutes:
        progress = max(progress, elapsed / (60 * args.max_minutes))
    progress = min(1.0, progress)
    return args.lr * (0.01 + 0.99 * 0.5 * (1 + math.cos(math.pi * progress)))


def main(argv=None):
    args = parse_args(argv)
    torch.set_num_threads(args.threads)
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    gen = torch.Generator().manual_seed(args.seed)  # all augmentation draws come from here
    run_dir = os.path.join(args.runs_dir, args.run)
    os.makedirs(run_dir, exist_ok=True)

    t_load = time.time()
    if args.smoke:
        L, Y, _ = data.load_split(os.path.join(args.data, "train"), limit=4, size=(64, 96), cache=False)
    else:
        L, Y, _ = data.load_split(os.path.join(args.data, "train"))
    val_items = (eval_boundary.load_eval_set(os.path.join(args.data, "val"), args.val_images)
                 if args.val_every else [])
    print(f"data: {len(L)} train images {L.shape[1:]} in RAM, {len(val_items)} val images "
          f"({time.time() - t_load:.1f}s)", flush=True)

    net = BoundaryNet(width=args.width)
    opt = torch.optim.AdamW(net.parameters(), lr=args.lr, weight_decay=args.wd)
    step, elapsed, best_f = 0, 0.0, -1.0
    resume = os.path.join(run_dir, "last.pt") if args.resume == "auto" else args.resume
    if resume and os.path.exists(resume):
        ck = checkpoint.load(resume)
        net.load_state_dict(ck["model"])
        opt.load_state_dict(ck["opt"])
        step, elapsed, best_f = ck["step"], ck["elapsed"], ck["best_f"]
        gen.set_state(ck["gen"])
        torch.set_rng_state(ck["torch_rng"])
        print(f"resumed {resume} at step {step} ({elapsed / 60:.1f} min trained)", flush=True)
    elif resume and args.resume != "auto":
        raise FileNotFoundError(f"--resume {resume}: no such checkpoint")
    elif args.init:
        net.load_state_dict(checkpoint.load(args.init)["model"])
        print(f"initialised from the weights of {args.init}", flush=True)
    print(f"net: width {args.width}, {count_params(net)} params; args {vars(args)}", flush=True)

    stop = {"why": None}
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda s, _f: stop.update(why=f"signal {s}"))

    def save(name):
        checkpoint.save(os.path.join(run_dir, name), net, opt, step, elapsed, args, best_f,
                        gen.get_state())

    t_start, step0, run_loss = time.time(), step, []
    while step < args.steps:
        elapsed_now = elapsed + time.time() - t_start
        if args.max_minutes and elapsed_now >= 60 * args.max_minutes:
            stop["why"] = f"--max-minutes {args.max_minutes}"
        if stop["why"]:
            break
        lr = lr_at(step, elapsed_now, args)
        for group in opt.param_groups:
            group["lr"] = lr
        x, y, valid = augment.make_batch(L, Y, args.batch, args.crop, gen,
                                         (args.scale_min, args.scale_max), args.small_angle,
                                         args.degrade)
        net.train()
        outs = net(x)
        side = sum(balanced_bce(o, y, valid, args.eta, args.lmbda) for o in outs[:-1])
        fused = balanced_bce(outs[-1], y, valid, args.eta, args.lmbda)
        loss = args.side_weight * side + fused
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        step += 1
        run_loss.append((loss.item(), fused.item()))

        if args.log_every and step % args.log_every == 0:
            el = elapsed + time.time() - t_start
            sps = (step - step0) / max(1e-9, time.time() - t_start)
            eta_s = (args.steps - step) / max(sps, 1e-9)
            if args.max_minutes:
                eta_s = min(eta_s, 60 * args.max_minutes - el)
            lo = np.mean(run_loss, axis=0)
            run_loss = []
            print(f"step {step}/{args.steps} loss {lo[0]:.4f} fused {lo[1]:.4f} lr {lr:.2e} "
                  f"{sps:.3f} steps/s elapsed {el / 60:.1f} min ETA {eta_s / 60:.1f} min", flush=True)
        if args.val_every and step % args.val_every == 0:
            t_val = time.time()
            net.eval()
            res = eval_boundary.evaluate(net, val_items, tol=2.0, thin=True,
                                         thresholds=np.round(np.arange(0.1, 1.0, 0.1), 1))
            improved = res["odsF"] > best_f
            best_f = max(best_f, res["odsF"])
            print(f"val step {step}: ODS F {res['odsF']:.4f} (P {res['precision']:.3f} R "
                  f"{res['recall']:.3f} @ {res['odsThreshold']}) OIS {res['oisF']:.4f} "
                  f"on {res['images']} imgs ({time.time() - t_val:.1f}s){' *best' if improved else ''}",
                  flush=True)
            if improved:
                save("best.pt")
        if args.ckpt_every and step % args.ckpt_every == 0:
            elapsed_ck = elapsed + time.time() - t_start
            elapsed, t_start, step0 = elapsed_ck, time.time(), step
            save("last.pt")

    elapsed += time.time() - t_start
    save("last.pt")
    print(f"stopped at step {step} ({stop['why'] or 'done'}), {elapsed / 60:.1f} min trained; "
          f"checkpoint {os.path.join(run_dir, 'last.pt')}", flush=True)

    if args.smoke:
        import export
        out = os.path.join(run_dir, "segmenter.onnx")
        export.export_onnx(net, out)
        export.check_onnx(out)
        print(f"smoke: exported {out} ({os.path.getsize(out)} bytes)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
