#!/usr/bin/env python3
"""Loads a minigpt run into PyTorch: the same GPT as minigpt's `gpt` model, its weights from the run's
weights.npz, and greedy text from a prompt, to compare with `bin/minigpt generate --set sampler=greedy`.

  /usr/bin/python3 bench/reference/load_minigpt_run.py --run runs/shakespeare --prompt "ROMEO:" --tokens 40

The names in weights.npz are GPT-2's layout: wte, wpe; per block hN.ln_1 (gain, bias), hN.attn.qkv
(weight [d, 3d] as q|k|v, bias), hN.attn.proj, hN.ln_2, hN.mlp.fc, hN.mlp.proj; ln_f; head.weight [d, V].
Weights are [in, out] (x @ W). LayerNorm divides by the biased standard deviation with no epsilon, and
the GELU is x * sigmoid(1.702 x), as minigpt computes them. Reads the char and byte tokenizers.
Needs Debian's python3-torch (apt-get install -y python3-torch).
"""
import argparse, json, math, pathlib, re
import numpy as np
import torch


def checkpoint_folder(run, name):
    checkpoints = run / "checkpoints"
    if name == "best" and (checkpoints / "best").is_file():
        return checkpoints / (checkpoints / "best").read_text(encoding="utf-8").strip()
    steps = sorted(p for p in checkpoints.glob("step-*") if p.is_dir())
    if name in ("best", "latest"):
        return steps[-1]
    return checkpoints / f"step-{int(name):07d}"


def read_properties(path):
    props = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith(("#", "!")) and "=" in line:
            key, value = line.split("=", 1)
            props[key.strip()] = value.strip()
    return props


class Tokenizer:
    def __init__(self, run):
        spec = json.loads((run / "tokenizer.json").read_text(encoding="utf-8"))
        self.kind = spec["tokenizer"]
        if self.kind == "char":
            self.symbols = spec["symbols"]
            self.ids = {s: i for i, s in enumerate(self.symbols)}
        elif self.kind != "byte":
            raise SystemExit(f"load_minigpt_run: the {self.kind} tokenizer is not read here; train the run with char or byte")

    def encode(self, text):
        if self.kind == "byte":
            return list(text.encode("utf-8"))
        missing = [c for c in text if c not in self.ids]
        if missing:
            raise SystemExit(f"load_minigpt_run: the run's tokenizer has no {missing[0]!r}")
        return [self.ids[c] for c in text]

    def decode(self, ids):
        if self.kind == "byte":
            return bytes(ids).decode("utf-8", "replace")
        return "".join(self.symbols[i] for i in ids)


class MinigptGPT(torch.nn.Module):
    """minigpt's gpt model at inference (dropout off), on the arrays of one checkpoint."""

    def __init__(self, weights, heads):
        super().__init__()
        self.w = {name: torch.from_numpy(weights[name].astype(np.float64)) for name in weights.files}
        self.heads = heads
        self.layers = len({name.split(".")[0] for name in self.w if re.fullmatch(r"h\d+", name.split(".")[0])})

    @staticmethod
    def norm(x, gain, bias):
        mean = x.mean(-1, keepdim=True)
        std = ((x - mean) ** 2).mean(-1, keepdim=True).sqrt()
        return (x - mean) / std * gain + bias

    def linear(self, x, name):
        return x @ self.w[name + ".weight"] + self.w[name + ".bias"]

    def forward(self, tokens):
        w, t = self.w, tokens.shape[-1]
        x = w["wte"][tokens] + w["wpe"][:t]
        d = x.shape[-1]
        hs = d // self.heads
        causal = torch.triu(torch.ones(t, t, dtype=torch.bool), 1)
        for layer in range(self.layers):
            p = f"h{layer}"
            qkv = self.linear(self.norm(x, w[p + ".ln_1.gain"], w[p + ".ln_1.bias"]), p + ".attn.qkv")
            q, k, v = (part.view(t, self.heads, hs).transpose(0, 1) for part in qkv.split(d, -1))
            scores = (q @ k.transpose(-1, -2)) / math.sqrt(hs)
            attended = scores.masked_fill(causal, float("-inf")).softmax(-1) @ v
            x = x + self.linear(attended.transpose(0, 1).reshape(t, d), p + ".attn.proj")
            h = self.linear(self.norm(x, w[p + ".ln_2.gain"], w[p + ".ln_2.bias"]), p + ".mlp.fc")
            x = x + self.linear(h * torch.sigmoid(1.702 * h), p + ".mlp.proj")
        return self.norm(x, w["ln_f.gain"], w["ln_f.bias"]) @ w["head.weight"]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--run", required=True)
    p.add_argument("--checkpoint", default="best")
    p.add_argument("--prompt", default="\n")
    p.add_argument("--tokens", type=int, default=40)
    a = p.parse_args()
    run = pathlib.Path(a.run)
    config = read_properties(run / "config.properties")
    model = MinigptGPT(np.load(checkpoint_folder(run, a.checkpoint) / "weights.npz"), int(config.get("model.heads", "4")))
    window = int(config.get("model.context_length", "64"))
    tokenizer = Tokenizer(run)
    ids = tokenizer.encode(a.prompt)
    with torch.no_grad():
        for _ in range(a.tokens):
            logits = model(torch.tensor(ids[-window:]))[-1]
            ids.append(int(logits.argmax()))
    print(tokenizer.decode(ids))


if __name__ == "__main__":
    main()
