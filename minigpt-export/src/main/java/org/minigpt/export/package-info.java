/**
 * A trained run in other runtimes' formats: {@link org.minigpt.export.RunExport} writes GGUF (llama.cpp's
 * {@code gpt2} architecture) or Hugging Face's GPT-2 folder from a checkpoint's GPT-2 form and its tokenizer's
 * byte-level BPE form.
 */
package org.minigpt.export;
