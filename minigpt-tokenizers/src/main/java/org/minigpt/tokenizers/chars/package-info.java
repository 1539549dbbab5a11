/** The {@code char} tokenizer: one token per Unicode code point seen in the training text. */
package org.minigpt.tokenizers.chars;
