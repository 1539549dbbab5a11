/** The {@code top-p} (nucleus) sampler: keeps the most likely tokens that together hold probability p. */
package org.minigpt.samplers.topp;
