/** The run directory: what a training run leaves for {@code generate} to load. */
package org.minigpt.core.run;
