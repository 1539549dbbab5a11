/** The {@code typical-p} sampler: locally typical sampling, keeping the tokens as surprising as the distribution on average. */
package org.minigpt.samplers.typical;
