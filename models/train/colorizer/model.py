"""The colorizer network: L (normalised) -> logits over the Q ab bins at 1/4 resolution.

Strided encoder with batch norm, a dilated middle at 1/8, an Iizuka-style global branch and
(arch "concat") skip concatenation of the 1/2 and 1/4 encoder features into the decoder.
The 1/2 and 1/4 stages are kept narrow because at 256x256 they cost the most per channel;
most channels (and parameters) live at 1/8 and below where pixels are cheap.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

ARCHS = ('concat', 'strides')
DECODER = (96, 96, 64)  # the decoder's widths at 1/4 (2.2.0 and before)


def conv_bn(cin, cout, k=3, stride=1, dilation=1):
    pad = dilation * (k // 2)
    return nn.Sequential(
        nn.Conv2d(cin, cout, k, stride=stride, padding=pad, dilation=dilation, bias=False),
        nn.BatchNorm2d(cout),
        nn.ReLU(inplace=True))


class Residual(nn.Module):
    """relu(x + F(x)), F two 3x3 convs at one dilation. F's last BatchNorm starts with gamma = 0,
    so F(x) = 0 and the block is the identity on the (post-ReLU, >= 0) features it gets: a
    network grown by such blocks computes exactly what it grew from, and training decides how
    much the new layers add (train.py --extra-blocks)."""

    def __init__(self, ch, dilation):
        super().__init__()
        self.body = nn.Sequential(conv_bn(ch, ch, dilation=dilation),
                                  nn.Conv2d(ch, ch, 3, padding=dilation, dilation=dilation, bias=False),
                                  nn.BatchNorm2d(ch))
        nn.init.zeros_(self.body[2].weight)

    def forward(self, x):
        return F.relu(x + self.body(x))


class Colorizer(nn.Module):
    def __init__(self, q, arch='concat', width=192, global_dim=128, extra_blocks=0, middle_width=None,
                 decoder=DECODER):
        super().__init__()
        assert arch in ARCHS, arch
        assert len(decoder) == 3, decoder
        self.arch = arch
        # middle_width: the channels inside the dilated middle (its first two layers' outputs); its
        # last layer gives `width` again, so a model widened there (widen.py) keeps every other shape.
        mid = middle_width or width
        # Encoder: 1/2 (32 ch) -> 1/4 (64 ch) -> 1/8 (width).
        self.enc2 = nn.Sequential(conv_bn(1, 16, stride=2), conv_bn(16, 32))
        self.enc4 = nn.Sequential(conv_bn(32, 64, stride=2), conv_bn(64, 64))
        self.enc8 = nn.Sequential(conv_bn(64, 128, stride=2), conv_bn(128, width))
        # Dilated middle: large receptive field without losing resolution.
        self.middle = nn.Sequential(conv_bn(width, mid, dilation=2),
                                    conv_bn(mid, mid, dilation=4),
                                    conv_bn(mid, width, dilation=2))
        # Optional residual blocks after the middle (a deeper 1/8 stage, where most of the
        # recognising is done and pixels are cheap). Registered here, in forward order, because
        # onnx_weights.py matches a graph's layers to the modules in registration order.
        self.extra = nn.Sequential(*[Residual(width, dilation=(2, 4)[i % 2]) for i in range(extra_blocks)])
        # Global branch: what kind of scene this is (indoor, beach, forest) decides many colours
        # that no local window can; pooled over the whole image so it works at any size.
        self.glob_conv = nn.Sequential(conv_bn(width, width, stride=2),
                                       conv_bn(width, width, stride=2))
        self.glob_mlp = nn.Sequential(nn.Linear(width, 256), nn.ReLU(inplace=True),
                                      nn.Linear(256, global_dim), nn.ReLU(inplace=True))
        self.fuse = conv_bn(width + global_dim, width, k=1)
        # Decoder at 1/4: upsampled middle (+ local 1/2 and 1/4 features for "concat").
        dec_in = width + (32 + 64 if arch == 'concat' else 0)
        d0, d1, d2 = decoder
        self.dec = nn.Sequential(conv_bn(dec_in, d0, k=1), conv_bn(d0, d1), conv_bn(d1, d2))
        self.head = nn.Conv2d(d2, q, 1)

    def forward(self, x):
        e2 = self.enc2(x)
        e4 = self.enc4(e2)
        m = self.extra(self.middle(self.enc8(e4)))
        g = self.glob_mlp(self.glob_conv(m).mean(dim=(2, 3)))
        g = g[:, :, None, None].expand(-1, -1, m.shape[2], m.shape[3])
        m = self.fuse(torch.cat([m, g], dim=1))
        # Factor-2 upsampling (not size=...) keeps the ONNX graph shape-agnostic.
        d = F.interpolate(m, scale_factor=2.0, mode='bilinear', align_corners=False)
        if self.arch == 'concat':
            d = torch.cat([d, e4, F.avg_pool2d(e2, 2)], dim=1)
        return self.head(self.dec(d))


def build(q, ck):
    """The model a checkpoint (train.py's keys) describes; shapes that are not written are 2.2.0's."""
    return Colorizer(q, ck.get('arch', 'concat'), ck.get('width', 192), extra_blocks=ck.get('extra_blocks', 0),
                     middle_width=ck.get('middle_width'), decoder=tuple(ck.get('decoder') or DECODER))


def shape_of_manifest(training):
    """A manifest's training record (export.py) in checkpoint keys, for build()."""
    t = training or {}
    return {'arch': t.get('arch', 'concat'), 'width': t.get('width', 192), 'extra_blocks': t.get('extraBlocks', 0),
            'middle_width': t.get('middleWidth'), 'decoder': t.get('decoder')}


def count_params(model):
    return sum(p.numel() for p in model.parameters())


class SceneClassifier(nn.Module):
    """Training only (train.py --aux-weight, never exported): the photo's class (scene, sport,
    object) read from the global branch's hidden layer, as Iizuka et al. 2016 train theirs, so that
    the global features learn what kind of scene a photo is from labels, not only from colour."""

    def __init__(self, classes, hidden=256):
        super().__init__()
        self.mlp = nn.Sequential(nn.Linear(256, hidden), nn.ReLU(inplace=True), nn.Linear(hidden, classes))

    def forward(self, g):
        return self.mlp(g)


def global_hidden(model):
    """A hook that keeps the global branch's hidden layer (the 256 after glob_mlp's first ReLU) of
    each forward pass: {'g': tensor}."""
    seen = {}
    model.glob_mlp[1].register_forward_hook(lambda _m, _i, out: seen.__setitem__('g', out))
    return seen
