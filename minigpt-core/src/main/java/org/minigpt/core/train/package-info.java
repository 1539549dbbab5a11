/** The training loop: batches through the model's trainer, progress lines, and the held-out loss. */
package org.minigpt.core.train;
