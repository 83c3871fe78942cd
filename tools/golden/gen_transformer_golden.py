#!/usr/bin/env python3
"""Golden vectors for the transformer layers of issue 12, computed by PyTorch.

Run from the repository root with Debian's PyTorch (apt-get install python3-torch; /usr/bin/python3):

    /usr/bin/python3 tools/golden/gen_transformer_golden.py

It writes safetensors files into evoke-nn/src/test/resources/golden/ (the tests read them from the classpath; the build
and the tests never need Python). Each file's metadata names this script and the torch version that produced it.
Float32 forward and backward, the same conventions as testdata/golden (tools/golden/README.md): x, y, grad_y (a fixed random upstream
gradient), grad_x and grad_<parameter>.

Written so far: layernorm (PyTorch's nn.LayerNorm, eps 1e-5, elementwise affine, over the last axis), gelu (nn.GELU,
the exact erf form), softmax (over the last axis) and attention (torcheeg's Attention, dropout 0; with and without
the output projection), and one pre-norm transformer block (torcheeg's Transformer at depth 1; parameters under
their state_dict names, e.g. layers.0.0.fn.to_qkv.weight), and Arjun ViT end to end (arjun_vit: torcheeg's defaults
with 3 classes; logits, the BCE loss, every gradient, the parameters after 3 Adam steps). The ViT follows later.
"""
import os

import torch
from safetensors_writer import write

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "evoke-nn", "src", "test", "resources", "golden")


def run(name, module, x, params=()):
    x = x.clone().requires_grad_(True)
    y = module(x)
    g = torch.Generator().manual_seed(7)
    grad_y = torch.rand(y.shape, generator=g) - 0.5
    y.backward(grad_y)
    tensors = {"x": x.detach(), "y": y.detach(), "grad_y": grad_y, "grad_x": x.grad.detach()}
    for pname, p in params:
        tensors[pname] = p.detach().clone()
        tensors["grad_" + pname] = p.grad.detach().clone()
    write(os.path.join(OUT, name + ".safetensors"), tensors,
          {"generator": "tools/golden/gen_transformer_golden.py", "torch": torch.__version__, "module": repr(module)})
    print(name, {k: list(v.shape) for k, v in tensors.items()})


class Attention(torch.nn.Module):
    """torcheeg's Attention (torcheeg/models/transformer), the rearranges written as reshape/permute."""

    def __init__(self, hid, heads, head_channels, dropout=0.0):
        super().__init__()
        inner = head_channels * heads
        self.project_out = not (heads == 1 and head_channels == hid)
        self.heads = heads
        self.scale = head_channels ** -0.5
        self.attend = torch.nn.Softmax(dim=-1)
        self.dropout = torch.nn.Dropout(dropout)
        self.to_qkv = torch.nn.Linear(hid, inner * 3, bias=False)
        self.to_out = torch.nn.Sequential(torch.nn.Linear(inner, hid), torch.nn.Dropout(dropout)) if self.project_out \
            else torch.nn.Identity()

    def forward(self, x):
        b, n, _ = x.shape
        q, k, v = [t.reshape(b, n, self.heads, -1).permute(0, 2, 1, 3) for t in self.to_qkv(x).chunk(3, dim=-1)]
        dots = torch.matmul(q, k.transpose(-1, -2)) * self.scale
        attn = self.dropout(self.attend(dots))
        out = torch.matmul(attn, v).permute(0, 2, 1, 3).reshape(b, n, -1)
        return self.to_out(out)


class PreNorm(torch.nn.Module):
    def __init__(self, dim, fn):
        super().__init__()
        self.norm = torch.nn.LayerNorm(dim)
        self.fn = fn

    def forward(self, x):
        return self.fn(self.norm(x))


class FeedForward(torch.nn.Module):
    def __init__(self, dim, hid, dropout=0.0):
        super().__init__()
        self.net = torch.nn.Sequential(torch.nn.Linear(dim, hid), torch.nn.GELU(), torch.nn.Dropout(dropout),
                                       torch.nn.Linear(hid, dim), torch.nn.Dropout(dropout))

    def forward(self, x):
        return self.net(x)


class Transformer(torch.nn.Module):
    """torcheeg's Transformer: depth x [PreNorm(Attention), PreNorm(FeedForward)], each with a residual."""

    def __init__(self, dim, depth, heads, head_channels, mlp, dropout=0.0):
        super().__init__()
        self.layers = torch.nn.ModuleList([torch.nn.ModuleList([
            PreNorm(dim, Attention(dim, heads, head_channels, dropout)), PreNorm(dim, FeedForward(dim, mlp, dropout))])
            for _ in range(depth)])

    def forward(self, x):
        for attn, ff in self.layers:
            x = attn(x) + x
            x = ff(x) + x
        return x


class ArjunViT(torch.nn.Module):
    """torcheeg's ArjunViT (torcheeg/models/transformer/arjun_vit.py), pool 'cls', the rearranges as reshape/permute."""

    def __init__(self, num_electrodes=32, chunk_size=128, t_patch_size=32, hid_channels=32, depth=3, heads=4,
                 head_channels=64, mlp_channels=64, num_classes=2, embed_dropout=0.0, dropout=0.0):
        super().__init__()
        num_patches = chunk_size // t_patch_size
        self.p = t_patch_size
        self.to_patch_embedding = torch.nn.Sequential(torch.nn.Identity(),
                                                      torch.nn.Linear(num_electrodes * t_patch_size, hid_channels))
        self.pos_embedding = torch.nn.Parameter(torch.randn(1, num_patches + 1, hid_channels))
        self.cls_token = torch.nn.Parameter(torch.randn(1, 1, hid_channels))
        self.dropout = torch.nn.Dropout(embed_dropout)
        self.transformer = Transformer(hid_channels, depth, heads, head_channels, mlp_channels, dropout)
        self.mlp_head = torch.nn.Sequential(torch.nn.LayerNorm(hid_channels), torch.nn.Linear(hid_channels, num_classes))

    def forward(self, x):
        b, c, t = x.shape
        x = x.reshape(b, c, t // self.p, self.p).permute(0, 2, 1, 3).reshape(b, t // self.p, c * self.p)  # b c (w p) -> b w (c p)
        x = self.to_patch_embedding(x)
        n = x.shape[1]
        x = torch.cat((self.cls_token.expand(b, 1, -1), x), dim=1)
        x = x + self.pos_embedding[:, :(n + 1)]
        x = self.dropout(x)
        x = self.transformer(x)
        return self.mlp_head(x[:, 0])


class TorchEegViT(ArjunViT):
    """torcheeg's ViT: grid patches 'b (c p0) (h p1) (w p2) -> b c h w (p1 p2 p0)', then the ArjunViT body."""

    def __init__(self, chunk_size=4, grid_size=(9, 9), t_patch_size=1, s_patch_size=(3, 3), hid_channels=32, depth=3,
                 heads=4, head_channels=64, mlp_channels=64, num_classes=2):
        torch.nn.Module.__init__(self)
        self.p0, (self.p1, self.p2) = t_patch_size, s_patch_size
        num_patches = (chunk_size // t_patch_size) * (grid_size[0] // self.p1) * (grid_size[1] // self.p2)
        self.to_patch_embedding = torch.nn.Sequential(torch.nn.Identity(),
                                                      torch.nn.Linear(t_patch_size * self.p1 * self.p2, hid_channels))
        self.pos_embedding = torch.nn.Parameter(torch.randn(1, num_patches + 1, hid_channels))
        self.cls_token = torch.nn.Parameter(torch.randn(1, 1, hid_channels))
        self.dropout = torch.nn.Dropout(0.0)
        self.transformer = Transformer(hid_channels, depth, heads, head_channels, mlp_channels, 0.0)
        self.mlp_head = torch.nn.Sequential(torch.nn.LayerNorm(hid_channels), torch.nn.Linear(hid_channels, num_classes))

    def forward(self, x):
        b, cp, hp, wp = x.shape
        c, h, w = cp // self.p0, hp // self.p1, wp // self.p2
        x = x.reshape(b, c, self.p0, h, self.p1, w, self.p2).permute(0, 1, 3, 5, 4, 6, 2)
        x = x.reshape(b, c * h * w, self.p1 * self.p2 * self.p0)
        x = self.to_patch_embedding(x)
        n = x.shape[1]
        x = torch.cat((self.cls_token.expand(b, 1, -1), x), dim=1)
        x = x + self.pos_embedding[:, :(n + 1)]
        x = self.transformer(self.dropout(x))
        return self.mlp_head(x[:, 0])


def end_to_end(name, model, x, description, extra=None):
    labels = (torch.rand(x.shape[0], 3) > 0.5).float()
    tensors = {"x": x, "labels": labels}
    tensors.update(extra or {})
    for pname, p in model.named_parameters():
        tensors["param." + pname] = p.detach().clone()
    logits = model(x)
    loss = torch.nn.functional.binary_cross_entropy_with_logits(logits, labels, reduction="sum") / x.shape[0]
    loss.backward()
    tensors["logits"] = logits.detach()
    tensors["loss"] = loss.detach().reshape(1)
    for pname, p in model.named_parameters():
        tensors["grad." + pname] = p.grad.detach().clone()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    for step in range(3):
        if step > 0:
            opt.zero_grad()
            torch.nn.functional.binary_cross_entropy_with_logits(model(x), labels, reduction="sum").div(x.shape[0]).backward()
        opt.step()
    for pname, p in model.named_parameters():
        tensors["adam3." + pname] = p.detach().clone()
    write(os.path.join(OUT, name + ".safetensors"), tensors,
          {"generator": "tools/golden/gen_transformer_golden.py", "torch": torch.__version__, "model": description,
           "loss": "BCE with logits, sum over labels, mean over samples", "adam": "lr 1e-3, 3 steps on the same batch"})
    print(name, len(tensors), "tensors")


def arjun_vit_end_to_end():
    torch.manual_seed(2024)
    model = ArjunViT(num_classes=3).eval()  # dropout 0: eval and train agree
    end_to_end("arjun_vit", model, torch.randn(4, 32, 128), "ArjunViT(num_classes=3), defaults")


# DEAP's 32 channels on the 9x9 grid, (row, column) in file order (docs/design.md, section 8)
GRID = [(0, 3), (1, 3), (2, 2), (2, 0), (3, 1), (3, 3), (4, 2), (4, 0), (5, 1), (5, 3), (6, 2), (6, 0), (7, 3), (8, 3),
        (8, 4), (6, 4), (0, 5), (1, 5), (2, 4), (2, 6), (2, 8), (3, 7), (3, 5), (4, 4), (4, 6), (4, 8), (5, 7), (5, 5),
        (6, 6), (6, 8), (7, 5), (8, 5)]


class ArjunViTOnBands(ArjunViT):
    """ArjunViT(chunk_size=4, t_patch_size=1) fed each electrode's 4 band features, read out of the (4, 9, 9) grid;
    its parameters keep ArjunViT's names."""

    def __init__(self, num_classes):
        super().__init__(num_electrodes=32, chunk_size=4, t_patch_size=1, num_classes=num_classes)
        self.rows = [r for r, _ in GRID]
        self.cols = [c for _, c in GRID]

    def forward(self, x):  # (b, 4, 9, 9) -> (b, 32, 4) electrodes x bands
        return super().forward(x[:, :, self.rows, self.cols].permute(0, 2, 1))


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(12)
    # LayerNorm over the last axis of (batch, tokens, dim): Arjun ViT's hid 32, 5 tokens (4 patches + class)
    ln = torch.nn.LayerNorm(32, eps=1e-5)
    with torch.no_grad():
        ln.weight.copy_(1 + 0.3 * torch.randn(32))
        ln.bias.copy_(0.2 * torch.randn(32))
    run("layernorm", ln, 1.5 * torch.randn(3, 5, 32) + 0.4, [("weight", ln.weight), ("bias", ln.bias)])
    # GELU, exact: x * Phi(x); inputs over the range where its curvature lives
    run("gelu", torch.nn.GELU(), 3 * torch.randn(4, 5, 64))
    # softmax over the last axis: attention scores (batch, heads, tokens, tokens)
    run("softmax", torch.nn.Softmax(dim=-1), 2 * torch.randn(2, 4, 5, 5))
    # attention: Arjun ViT's hid 32 with 4 heads of 16 channels (projected out), and 1 head of 32 (identity out)
    att = Attention(32, 4, 16).eval()
    run("attention", att, torch.randn(3, 5, 32),
        [("to_qkv.weight", att.to_qkv.weight), ("to_out.0.weight", att.to_out[0].weight), ("to_out.0.bias", att.to_out[0].bias)])
    one = Attention(32, 1, 32).eval()
    run("attention_identity_out", one, torch.randn(2, 4, 32), [("to_qkv.weight", one.to_qkv.weight)])
    # one transformer block at Arjun ViT's sizes (hid 32, 4 heads of 64, mlp 64), non-trivial norms
    block = Transformer(32, 1, 4, 64, 64).eval()
    with torch.no_grad():
        for m in block.modules():
            if isinstance(m, torch.nn.LayerNorm):
                m.weight.copy_(1 + 0.3 * torch.randn(32))
                m.bias.copy_(0.2 * torch.randn(32))
    run("transformer_block", block, torch.randn(3, 5, 32), list(block.named_parameters()))
    arjun_vit_end_to_end()
    torch.manual_seed(2025)
    end_to_end("vit_small", TorchEegViT(num_classes=3).eval(), torch.randn(3, 4, 9, 9),
               "torcheeg ViT(chunk_size=4, grid_size=(9, 9), t_patch_size=1, num_classes=3), other defaults")
    torch.manual_seed(2026)
    end_to_end("arjun_vit_bands", ArjunViTOnBands(3).eval(), torch.randn(3, 4, 9, 9),
               "ArjunViT(num_electrodes=32, chunk_size=4, t_patch_size=1, num_classes=3) on the electrodes'"
                           " band features read out of the (4, 9, 9) grid",
               {"cells": torch.tensor([r * 9 + c for r, c in GRID], dtype=torch.int32)})


if __name__ == "__main__":
    main()
