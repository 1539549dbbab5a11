/** The {@code temperature} sampler: divides the logits by T before the chain picks a token. */
package org.minigpt.samplers.temperature;
