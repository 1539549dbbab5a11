/** The minigpt plugin SPI: what a tokenizer, model, optimizer and sampler must do, and how they are found. */
package org.minigpt.api;
