/** The {@code bpe} tokenizer: byte-level byte-pair encoding, trained on the user's text. */
package org.minigpt.tokenizers.bpe;
