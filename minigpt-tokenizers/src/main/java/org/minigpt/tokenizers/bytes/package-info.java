/** The {@code byte} tokenizer: the 256 byte values of UTF-8, so any text encodes. */
package org.minigpt.tokenizers.bytes;
