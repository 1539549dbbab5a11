/** The {@code xtc} sampler: "exclude top choices", which now and then drops the most predictable tokens. */
package org.minigpt.samplers.xtc;
