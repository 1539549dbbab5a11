/** The run directory and its checkpoints: what a training run leaves for {@code generate}, {@code chat} and a resume. */
package org.minigpt.core.run;
