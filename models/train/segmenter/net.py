"""PiDiNet-style boundary network (Su et al., ICCV 2021), sized for a 2-core CPU.

Why pixel-difference convolutions: a boundary is a local intensity *difference*; building the
difference into the kernel (central / angular / radial) gives a from-scratch net on 200 images
the gradient prior that ImageNet pretraining gives HED. Each difference conv is a *linear*
transform of an ordinary 3x3 kernel, so we always run it as a plain conv with the transformed
weights: training back-propagates through the transform, and export (``deploy()``) just bakes
the transformed weights into vanilla Conv2d layers — the ONNX graph has only Conv, Relu, Add,
MaxPool, Resize, Concat and Sigmoid.

Layout (PiDiNet "carv4", the -L variant without CDCM/CSAM): a 3x3 stem and 15 residual blocks
(depthwise pdc 3x3 -> ReLU -> pointwise 1x1), four stages at stride 1, 2, 4, 8 with C, 2C, 4C,
4C channels. Each stage ends in a 1x1 side output; the side maps are upsampled to stride 1 and a
1x1 conv fuses them (HED deep supervision: every side output and the fusion get a loss).
No batch norm: PiDiNet trains without it, and it keeps export trivial.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

# The pdc type of the stem and of each of the 15 blocks, in order (PiDiNet carv4).
CARV4 = ["cd", "ad", "rd", "cv"] * 4

# Angular difference: each tap minus its clockwise neighbour (index map of the 3x3 ring).
_AD_PERM = [3, 0, 1, 6, 4, 2, 7, 8, 5]
# Radial difference: outer 5x5 ring minus inner 3x3 ring along the same direction.
_RD_OUTER = [0, 2, 4, 10, 14, 20, 22, 24]
_RD_INNER = [6, 7, 8, 11, 13, 16, 17, 18]


def pdc_kernel(weight, kind):
    """Equivalent vanilla kernel of a pixel-difference conv (differentiable)."""
    if kind == "cv":
        return weight
    if kind == "cd":  # sum_i w_i (x_i - x_center)
        w = weight.clone()
        w[:, :, 1, 1] = weight[:, :, 1, 1] - weight.sum(dim=(2, 3))
        return w
    o, i = weight.shape[:2]
    flat = weight.reshape(o, i, 9)
    if kind == "ad":  # sum_i w_i (x_i - x_clockwise(i))
        return (flat - flat[:, :, _AD_PERM]).reshape(o, i, 3, 3)
    if kind == "rd":  # sum_i w_i (x_outer(i) - x_inner(i)), a 5x5 kernel
        buf = weight.new_zeros(o, i, 25)
        buf[:, :, _RD_OUTER] = flat[:, :, 1:]
        buf[:, :, _RD_INNER] = -flat[:, :, 1:]
        return buf.reshape(o, i, 5, 5)
    raise ValueError(f"unknown pdc kind {kind!r}")


class PDConv(nn.Module):
    """3x3 pixel-difference conv; ``to_plain()`` returns the equivalent nn.Conv2d."""

    def __init__(self, kind, cin, cout, groups=1):
        super().__init__()
        self.kind, self.groups = kind, groups
        self.weight = nn.Parameter(torch.empty(cout, cin // groups, 3, 3))
        nn.init.kaiming_normal_(self.weight, nonlinearity="relu")

    def forward(self, x):
        k = pdc_kernel(self.weight, self.kind)
        return F.conv2d(x, k, padding=k.shape[-1] // 2, groups=self.groups)

    def to_plain(self):
        k = pdc_kernel(self.weight.detach(), self.kind)
        conv = nn.Conv2d(k.shape[1] * self.groups, k.shape[0], k.shape[-1],
                         padding=k.shape[-1] // 2, groups=self.groups, bias=False)
        conv.weight.data.copy_(k)
        return conv


class Block(nn.Module):
    """Residual block: [maxpool] -> depthwise pdc -> ReLU -> 1x1 (+ 1x1 shortcut if widening)."""

    def __init__(self, kind, cin, cout, stride):
        super().__init__()
        self.pool = nn.MaxPool2d(2, 2) if stride > 1 else nn.Identity()
        self.dw = PDConv(kind, cin, cin, groups=cin)
        self.pw = nn.Conv2d(cin, cout, 1, bias=False)
        self.short = nn.Conv2d(cin, cout, 1) if cin != cout else nn.Identity()

    def forward(self, x):
        x = self.pool(x)
        return self.pw(F.relu(self.dw(x))) + self.short(x)


class BoundaryNet(nn.Module):
    """forward(x [N,1,H,W], H and W multiples of 8) -> list of logits, sides first, fused last."""

    def __init__(self, width=30):
        super().__init__()
        c = width
        chans = [c, 2 * c, 4 * c, 4 * c]
        self.stem = PDConv(CARV4[0], 1, c)
        self.stages = nn.ModuleList()
        k, cin = 1, c
        for s, cout in enumerate(chans):
            blocks = []
            for b in range(3 if s == 0 else 4):  # stage 1 has the stem as its first layer
                blocks.append(Block(CARV4[k], cin, cout, 2 if (b == 0 and s > 0) else 1))
                k, cin = k + 1, cout
            self.stages.append(nn.Sequential(*blocks))
        self.sides = nn.ModuleList(nn.Conv2d(ch, 1, 1) for ch in chans)
        self.fuse = nn.Conv2d(len(chans), 1, 1)
        nn.init.constant_(self.fuse.weight, 1.0 / len(chans))  # start as the mean of the sides
        nn.init.constant_(self.fuse.bias, 0.0)

    def forward(self, x):
        h = self.stem(x)
        sides = []
        for i, (stage, side) in enumerate(zip(self.stages, self.sides)):
            h = stage(h)
            s = side(h)
            if i > 0:  # stride 2**i back to stride 1; scale (not size) keeps the ONNX graph simple
                s = F.interpolate(s, scale_factor=float(2 ** i), mode="bilinear",
                                  align_corners=False)
            sides.append(s)
        fused = self.fuse(torch.cat(sides, dim=1))
        return sides + [fused]

    def deploy(self):
        """A copy with every pdc baked into a plain conv; same outputs, plain ops only."""
        import copy
        net = copy.deepcopy(self).eval()
        net.stem = self.stem.to_plain()
        for stage, src in zip(net.stages, self.stages):
            for blk, sblk in zip(stage, src):
                blk.dw = sblk.dw.to_plain()
        return net


class Exported(nn.Module):
    """What ships: input L normalised, output 'boundary' = sigmoid(fused), stride 1."""

    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, x):
        return torch.sigmoid(self.net(x)[-1])


def count_params(net):
    return sum(p.numel() for p in net.parameters())
