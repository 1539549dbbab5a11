/** The sampler SPI: picking the next token from the model's logits. */
package org.minigpt.api.sampler;
