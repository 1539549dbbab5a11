/** The {@code temperature} sampler: draws from softmax(logits / T). */
package org.minigpt.samplers.temperature;
