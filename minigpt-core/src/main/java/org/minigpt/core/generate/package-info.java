/** Writing text: a token at a time from a decoder's logits through a sampler, streamed as it goes, one text alone or many together. */
package org.minigpt.core.generate;
