/** The {@code repetition-penalty} sampler: makes tokens seen in the recent history less likely. */
package org.minigpt.samplers.repetition;
