"""Train the segmenter's boundary network (PiDiNet-style, from scratch) on BSDS500 train.

    /usr/bin/python3 models/train/segmenter/train.py --name main --steps 1500 --max-minutes 75
    /usr/bin/python3 models/train/segmenter/train.py --smoke        # CI: 2 steps + ONNX export

Loss (HED / RCF): class-balanced binary cross-entropy on each side output and on the fused
output, summed. Pixels with annotator consensus >= eta are positive, 0 negative, in between
ignored; positives weigh |neg|/|all|, negatives lambda*|pos|/|all| (per crop).
The learning rate warms up and then follows a cosine to --lr-min-ratio (1%) of --lr; its progress
is the larger of step/steps and elapsed/max-minutes, so a run that is slower than planned still
anneals before --max-minutes stops it. Checkpoints: models/train/runs/segmenter-<name>/last.pt
(every --ckpt-every steps and on stop, SIGTERM included; with every RNG's state, so --resume
draws the crops the uninterrupted run would have) and best.pt (best validation ODS F). A run of
before that layout (models/train/segmenter/runs/<name>/) is still found by --resume.
Schedule, checkpoints and logging: ../trainkit.py, shared with the colorizer.
"""
import argparse
import os
import sys
import tempfile
import time

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))  # models/train: trainkit.py
sys.path.insert(0, HERE)
import augment  # noqa: E402
import checkpoint  # noqa: E402
import data  # noqa: E402
import eval_boundary  # noqa: E402
from net import BoundaryNet, count_params  # noqa: E402
import trainkit  # noqa: E402
from trainkit import log, lr_at  # noqa: E402

LEGACY_RUNS = os.path.join(HERE, "runs")  # where runs were before models/train/runs/segmenter-<name>/


def parse_args(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    a = ap.add_argument
    a("--data", default=data.DEFAULT_DATA, help="BSDS500 folder with train/ and val/")
    trainkit.add_common_args(ap, steps=1500, lr=2e-3, warmup=50, lr_min_ratio=0.01, ckpt_every=100)
    a("--width", type=int, default=24, help="channels of stage 1 (PiDiNet tiny 20, small 30)")
    a("--batch", type=int, default=4)
    a("--crop", type=int, default=256, help="square crop side, a multiple of 8")
    a("--weight-decay", "--wd", dest="weight_decay", type=float, default=1e-4)
    a("--lmbda", type=float, default=1.1, help="negative weight factor (RCF lambda)")
    a("--eta", type=float, default=0.3, help="consensus at or above this is a positive")
    a("--side-weight", type=float, default=1.0, help="weight of each side-output loss")
    a("--scale-min", type=float, default=0.6)
    a("--scale-max", type=float, default=1.4)
    a("--small-angle", type=float, default=15.0, help="max small rotation (deg), plus 90s")
    a("--degrade", type=float, default=1.0, help="degradation strength, 0 = clean L")
    a("--val-every", type=int, default=250)
    a("--val-images", type=int, default=12, help="first N val images for the periodic check")
    a("--smoke", action="store_true", help="2 steps on 4 tiny images, then export to a temp dir")
    if trainkit.smoke_defaults(ap, argv, steps=2, batch=2, crop=64, width=8, log_every=1, val_every=0,
                               ckpt_every=0, name="smoke") and "--runs-dir" not in (argv or sys.argv):
        ap.set_defaults(runs_dir=tempfile.mkdtemp(prefix="tinct-seg-smoke-"))
    return ap.parse_args(argv)


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


def main(argv=None):
    args = parse_args(argv)
    trainkit.use_cpu(args.threads)
    trainkit.seed_everything(args.seed)
    gen = torch.Generator().manual_seed(args.seed)  # all augmentation draws come from here
    run_dir = trainkit.run_dir(args, "segmenter")

    t_load = time.time()
    if args.smoke:
        L, Y, _ = data.load_split(os.path.join(args.data, "train"), limit=4, size=(64, 96), cache=False)
    else:
        L, Y, _ = data.load_split(os.path.join(args.data, "train"))
    val_items = (eval_boundary.load_eval_set(os.path.join(args.data, "val"), args.val_images)
                 if args.val_every else [])
    log(f"data: {len(L)} train images {L.shape[1:]} in RAM, {len(val_items)} val images "
        f"({time.time() - t_load:.1f}s)")

    net = BoundaryNet(width=args.width)
    opt = torch.optim.AdamW(net.parameters(), lr=args.lr, weight_decay=args.weight_decay)
    step, elapsed, best_f = 0, 0.0, -1.0
    resume = trainkit.resume_path(args, run_dir, [os.path.join(LEGACY_RUNS, args.name)])
    if resume:
        ck = checkpoint.load(resume)
        net.load_state_dict(ck["model"])
        opt.load_state_dict(ck["opt"])
        step, elapsed, best_f = ck["step"], ck["wall_s"], ck["best_f"]
        trainkit.keep_init(args, ck)
        if not trainkit.restore_rng(ck, gen):  # before trainkit: the two torch states only
            gen.set_state(ck["gen"])
            torch.set_rng_state(ck["torch_rng"])
        log(f"resumed {resume} at step {step} ({elapsed / 60:.1f} min trained)")
    elif args.init:
        net.load_state_dict(checkpoint.load(args.init)["model"])
        log(f"initialised from the weights of {args.init}")
    log(f"net: width {args.width}, {count_params(net)} params; args {vars(args)}")

    stop = trainkit.stop_on_signals()

    def save(name):
        checkpoint.save(os.path.join(run_dir, name), net, opt, step, clock.wall(), args, best_f, gen)

    clock, run_loss = trainkit.Clock(elapsed, step, args), []
    while step < args.steps:
        if clock.out_of_time():
            stop["why"] = f"--max-minutes {args.max_minutes}"
        if stop["why"]:
            break
        lr = lr_at(step, clock.wall(), args)
        trainkit.set_lr(opt, lr)
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
            lo = np.mean(run_loss, axis=0)
            run_loss = []
            log(clock.progress(step, lr, loss=lo[0], fused=lo[1]))
        if args.val_every and step % args.val_every == 0:
            t_val = time.time()
            net.eval()
            res = eval_boundary.evaluate(net, val_items, tol=2.0, thin=True,
                                         thresholds=np.round(np.arange(0.1, 1.0, 0.1), 1))
            improved = res["odsF"] > best_f
            best_f = max(best_f, res["odsF"])
            log(f"val step {step}: ODS F {res['odsF']:.4f} (P {res['precision']:.3f} R "
                f"{res['recall']:.3f} @ {res['odsThreshold']}) OIS {res['oisF']:.4f} "
                f"on {res['images']} imgs ({time.time() - t_val:.1f}s){' *best' if improved else ''}")
            if improved:
                save("best.pt")
        if args.ckpt_every and step % args.ckpt_every == 0:
            save("last.pt")
        if args.keep_every and step % args.keep_every == 0:
            save(f"step{step}.pt")

    elapsed = clock.wall()
    save("last.pt")
    log(f"stopped at step {step} ({stop['why'] or 'done'}), {elapsed / 60:.1f} min trained; "
        f"checkpoint {os.path.join(run_dir, 'last.pt')}")

    if args.smoke:
        import export
        out = os.path.join(run_dir, "segmenter.onnx")
        export.export_onnx(net, out)
        export.check_onnx(out)
        log(f"smoke: exported {out} ({os.path.getsize(out)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
