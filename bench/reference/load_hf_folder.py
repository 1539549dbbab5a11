#!/usr/bin/env python3
"""Loads a Hugging Face GPT-2 folder that `minigpt export --format hf` wrote into PyTorch and writes greedy text,
to compare with `bin/minigpt generate --set sampler=greedy`:

  /usr/bin/python3 bench/reference/load_hf_folder.py --model exported-hf --prompt "ROMEO:" --tokens 40

It reads what transformers reads: config.json (GPT2LMHeadModel's keys), model.safetensors, vocab.json and
merges.txt, and computes GPT2LMHeadModel's forward pass with the config's activation (gelu_new or quick_gelu).
transformers itself needs a newer PyTorch than Debian's, and the safetensors package comes only from PyPI, so
the file is read here by its specification (a u64 header length, a JSON header, raw little-endian arrays) and
the tokenizer is GPT-2's byte-level BPE as in GPT-2's encoder.py.
Needs Debian's python3-torch and python3-regex (apt-get install -y python3-torch python3-regex).
"""
import argparse, json, math, pathlib, struct
import numpy as np
import regex
import torch

GPT2_SPLIT = regex.compile(r"""'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+""")


def read_safetensors(path):
    data = path.read_bytes()
    (length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + length])
    header.pop("__metadata__", None)
    dtypes = {"F32": np.float32, "F16": np.float16}
    tensors = {}
    for name, info in header.items():
        begin, end = info["data_offsets"]
        array = np.frombuffer(data, dtype=dtypes[info["dtype"]], count=(end - begin) // np.dtype(dtypes[info["dtype"]]).itemsize,
                              offset=8 + length + begin)
        tensors[name] = torch.from_numpy(array.astype(np.float64).reshape(info["shape"]))
    return tensors


def byte_alphabet():
    printable = list(range(ord("!"), ord("~") + 1)) + list(range(0xA1, 0xAD)) + list(range(0xAE, 0x100))
    characters, extra = {}, 0
    for b in range(256):
        if b in printable:
            characters[b] = chr(b)
        else:
            characters[b] = chr(256 + extra)
            extra += 1
    return characters


class Gpt2Tokenizer:
    def __init__(self, folder):
        self.encoder = json.loads((folder / "vocab.json").read_text(encoding="utf-8"))
        self.decoder = {i: t for t, i in self.encoder.items()}
        lines = (folder / "merges.txt").read_text(encoding="utf-8").split("\n")[1:]
        self.ranks = {tuple(line.split(" ")): rank for rank, line in enumerate(l for l in lines if l)}
        self.to_text = byte_alphabet()
        self.to_byte = {c: b for b, c in self.to_text.items()}

    def bpe(self, word):
        symbols = list(word)
        while len(symbols) > 1:
            pairs = [(self.ranks.get((a, b), math.inf), i) for i, (a, b) in enumerate(zip(symbols, symbols[1:]))]
            rank, i = min(pairs)
            if rank == math.inf:
                break
            symbols[i:i + 2] = [symbols[i] + symbols[i + 1]]
        return symbols

    def encode(self, text):
        ids = []
        for chunk in GPT2_SPLIT.findall(text):
            word = "".join(self.to_text[b] for b in chunk.encode("utf-8"))
            ids.extend(self.encoder[symbol] for symbol in self.bpe(word))
        return ids

    def decode(self, ids):
        return bytes(self.to_byte[c] for i in ids for c in self.decoder[i]).decode("utf-8", "replace")


class Gpt2LMHeadModel(torch.nn.Module):
    """transformers' GPT2LMHeadModel at inference, on the folder's tensors."""

    def __init__(self, config, w):
        super().__init__()
        self.config, self.w = config, w
        self.act = {"gelu_new": lambda x: 0.5 * x * (1 + torch.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x ** 3))),
                    "quick_gelu": lambda x: x * torch.sigmoid(1.702 * x)}[config["activation_function"]]

    def norm(self, x, name):
        return torch.nn.functional.layer_norm(x, x.shape[-1:], self.w[name + ".weight"], self.w[name + ".bias"],
                                              self.config["layer_norm_epsilon"])

    def conv1d(self, x, name):
        return x @ self.w[name + ".weight"] + self.w[name + ".bias"]

    def forward(self, tokens):
        w, t, heads = self.w, tokens.shape[-1], self.config["n_head"]
        x = w["transformer.wte.weight"][tokens] + w["transformer.wpe.weight"][:t]
        d = x.shape[-1]
        causal = torch.triu(torch.ones(t, t, dtype=torch.bool), 1)
        for layer in range(self.config["n_layer"]):
            p = f"transformer.h.{layer}."
            q, k, v = (part.view(t, heads, d // heads).transpose(0, 1)
                       for part in self.conv1d(self.norm(x, p + "ln_1"), p + "attn.c_attn").split(d, -1))
            scores = (q @ k.transpose(-1, -2)) / math.sqrt(d // heads)
            attended = scores.masked_fill(causal, float("-inf")).softmax(-1) @ v
            x = x + self.conv1d(attended.transpose(0, 1).reshape(t, d), p + "attn.c_proj")
            x = x + self.conv1d(self.act(self.conv1d(self.norm(x, p + "ln_2"), p + "mlp.c_fc")), p + "mlp.c_proj")
        return self.norm(x, "transformer.ln_f") @ w["lm_head.weight"].T


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model", required=True)
    p.add_argument("--prompt", default="\n")
    p.add_argument("--tokens", type=int, default=40)
    a = p.parse_args()
    folder = pathlib.Path(a.model)
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    model = Gpt2LMHeadModel(config, read_safetensors(folder / "model.safetensors"))
    tokenizer = Gpt2Tokenizer(folder)
    ids = tokenizer.encode(a.prompt)
    with torch.no_grad():
        for _ in range(a.tokens):
            ids.append(int(model(torch.tensor(ids[-config["n_positions"]:]))[-1].argmax()))
    print(tokenizer.decode(ids))


if __name__ == "__main__":
    main()
