/** Writing text: a token at a time from the model's logits through a sampler, streamed as it goes. */
package org.minigpt.core.generate;
