#!/usr/bin/env python3
"""The PyTorch reference for bench/compare.sh: the tutorial's MiniGPT and training loop, timed.

The model is the tutorial's: byte vocabulary (256), token and learned position embeddings, pre-LayerNorm
blocks of nn.MultiheadAttention (dropout on the attention weights) and a 4x GELU MLP, a final LayerNorm
and a linear head without bias; AdamW (lr 3e-4, PyTorch's defaults otherwise) on random windows of a
90/10 split. Its shape is the tutorial's by default (4 layers, 4 heads, d_model 128, context 64,
dropout 0.1, batch 32); the flags set another (nanoGPT's shakespeare_char: 6, 6, 384, 256, 0.2, 64).

  /usr/bin/python3 bench/reference/pytorch_minigpt.py --steps 100 --threads 1 --data tinyshakespeare.txt

Prints its progress, a sample, then one JSON line: parameters, tokens/s of training and of generation
(200 tokens from "ROMEO:", temperature 0.8, the whole window each token), val loss and peak RSS.
Needs Debian's python3-torch and libopenblas0-pthread.
"""
import argparse, json, resource, time
import torch
from torch import nn
from torch.nn import functional as F

VOCAB = 256


class Block(nn.Module):
    def __init__(self, d, heads, dropout):
        super().__init__()
        self.norm1, self.norm2 = nn.LayerNorm(d), nn.LayerNorm(d)
        self.attention = nn.MultiheadAttention(d, heads, dropout=dropout, batch_first=True)
        self.mlp = nn.Sequential(nn.Linear(d, 4 * d), nn.GELU(), nn.Linear(4 * d, d))

    def forward(self, x, mask):
        h = self.norm1(x)
        x = x + self.attention(h, h, h, attn_mask=mask, need_weights=False)[0]
        return x + self.mlp(self.norm2(x))


class MiniGPT(nn.Module):
    def __init__(self, layers, heads, d, context, dropout):
        super().__init__()
        self.context = context
        self.tokens, self.positions = nn.Embedding(VOCAB, d), nn.Embedding(context, d)
        self.blocks = nn.ModuleList(Block(d, heads, dropout) for _ in range(layers))
        self.norm, self.head = nn.LayerNorm(d), nn.Linear(d, VOCAB, bias=False)
        self.register_buffer("mask", torch.triu(torch.full((context, context), float("-inf")), 1))

    def forward(self, idx):
        t = idx.shape[1]
        x = self.tokens(idx) + self.positions(torch.arange(t))
        for block in self.blocks:
            x = block(x, self.mask[:t, :t])
        return self.head(self.norm(x))


def windows(data, count, length, generator=None):
    starts = torch.randint(len(data) - length - 1, (count,), generator=generator)
    return (torch.stack([data[s:s + length] for s in starts]), torch.stack([data[s + 1:s + length + 1] for s in starts]))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", required=True)
    p.add_argument("--steps", type=int, default=3000)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--layers", type=int, default=4)
    p.add_argument("--heads", type=int, default=4)
    p.add_argument("--d-model", type=int, default=128)
    p.add_argument("--context", type=int, default=64)
    p.add_argument("--dropout", type=float, default=0.1)
    p.add_argument("--eval-batches", type=int, default=20)
    p.add_argument("--seed", type=int, default=1337)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)

    data = torch.tensor(list(open(a.data, encoding="utf-8").read().encode("utf-8")), dtype=torch.long)
    split = int(0.9 * len(data))
    train, val = data[:split], data[split:]
    model = MiniGPT(a.layers, a.heads, a.d_model, a.context, a.dropout)
    optimizer = torch.optim.AdamW(model.parameters(), lr=3e-4)

    start = time.perf_counter()
    for step in range(a.steps):
        x, y = windows(train, a.batch, a.context)
        loss = F.cross_entropy(model(x).view(-1, VOCAB), y.view(-1))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if step % 100 == 0:
            print(f"step {step}: loss {loss.item():.4f}", flush=True)
    train_seconds = time.perf_counter() - start

    model.eval()
    with torch.no_grad():
        generator = torch.Generator().manual_seed(0)
        losses = [F.cross_entropy(model(x).view(-1, VOCAB), y.view(-1)).item()
                  for x, y in (windows(val, a.batch, a.context, generator) for _ in range(a.eval_batches))]
        idx = torch.tensor([list("ROMEO:".encode())])
        start = time.perf_counter()
        for _ in range(200):
            logits = model(idx[:, -a.context:])[:, -1] / 0.8
            idx = torch.cat([idx, torch.multinomial(logits.softmax(-1), 1)], 1)
        gen_seconds = time.perf_counter() - start
    print(bytes(idx[0].tolist()).decode("utf-8", "replace"))
    print(json.dumps({
        "params": sum(t.numel() for t in model.parameters()), "steps": a.steps, "batch": a.batch, "threads": a.threads,
        "shape": {"layers": a.layers, "heads": a.heads, "d_model": a.d_model, "context": a.context, "dropout": a.dropout},
        "train_tokens_per_s": round(a.steps * a.batch * a.context / train_seconds, 1),
        "train_s": round(train_seconds, 1), "val_loss": round(sum(losses) / len(losses), 4),
        "gen_tokens_per_s": round(200 / gen_seconds, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}))


if __name__ == "__main__":
    main()
