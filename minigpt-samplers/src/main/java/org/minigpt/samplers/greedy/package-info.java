/** The {@code greedy} sampler: always the most likely token. */
package org.minigpt.samplers.greedy;
