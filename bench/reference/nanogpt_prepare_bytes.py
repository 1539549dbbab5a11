"""nanoGPT's data/openwebtext/prepare.py, byte-level, for comparison with `minigpt prepare`.

The structure is nanoGPT's: documents encoded in parallel by a process pool (num_proc), each
document's ids followed by an end-of-text token, then written in order into train.bin / val.bin as
np.memmap(uint16). Two changes, because this machine cannot install them: tiktoken's GPT-2 encoding
becomes UTF-8 bytes (ids 0-255, end of text 256), and Hugging Face `datasets` becomes a plain text
file whose documents are its blank-line-separated blocks (the way bench/MakeCorpus.java builds it),
held out by a seeded 0.05% split as nanoGPT's train_test_split does.

    python3 bench/reference/nanogpt_prepare_bytes.py corpus-1g.txt OUT_DIR [num_proc]
"""
import os
import sys
from multiprocessing import Pool

import numpy as np

EOT = 256


def process(text):
    ids = list(text.encode("utf-8"))  # tiktoken: enc.encode_ordinary(example['text'])
    ids.append(EOT)
    return ids


def write(path, documents, num_proc):
    arr_len = sum(len(doc.encode("utf-8")) + 1 for doc in documents)
    arr = np.memmap(path, dtype=np.uint16, mode="w+", shape=(arr_len,))
    idx = 0
    with Pool(num_proc) as pool:
        for ids in pool.imap(process, documents, chunksize=256):
            arr[idx : idx + len(ids)] = ids
            idx += len(ids)
    arr.flush()
    return arr_len


def main():
    source, out = sys.argv[1], sys.argv[2]
    num_proc = int(sys.argv[3]) if len(sys.argv) > 3 else os.cpu_count()
    os.makedirs(out, exist_ok=True)
    with open(source, encoding="utf-8") as f:
        documents = f.read().split("\n\n")
    rng = np.random.default_rng(2357)
    val = set(rng.choice(len(documents), size=max(1, len(documents) // 2000), replace=False).tolist())
    splits = {
        "train": [d for i, d in enumerate(documents) if i not in val],
        "val": [d for i, d in enumerate(documents) if i in val],
    }
    for split, docs in splits.items():
        n = write(os.path.join(out, f"{split}.bin"), docs, num_proc)
        print(f"{split}.bin: {n:,} tokens")


if __name__ == "__main__":
    main()
