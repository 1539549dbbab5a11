/** The tokenizer SPI: text to token ids and back. */
package org.minigpt.api.tokenizer;
