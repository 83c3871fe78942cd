#!/usr/bin/env python3
"""Golden vectors for the transformer layers of issue 12, computed by PyTorch.

Run from the repository root with Debian's PyTorch (apt-get install python3-torch; /usr/bin/python3):

    /usr/bin/python3 tools/golden/gen_transformer_golden.py

It writes safetensors files into evoke-nn/src/test/resources/golden/ (the tests read them from the classpath; the build
and the tests never need Python). Each file's metadata names this script and the torch version that produced it.
Float32 forward and backward, the same conventions as ../shared/golden: x, y, grad_y (a fixed random upstream
gradient), grad_x and grad_<parameter>.

Written so far: layernorm (PyTorch's nn.LayerNorm, eps 1e-5, elementwise affine, over the last axis), gelu (nn.GELU,
the exact erf form) and softmax (over the last axis). The attention block and the two models follow in later steps.
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


if __name__ == "__main__":
    main()
