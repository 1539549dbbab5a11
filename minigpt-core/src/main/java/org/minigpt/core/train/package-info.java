/** A run's training options and schedule, the listeners that watch it, and the engine SPI that takes its steps elsewhere. */
package org.minigpt.core.train;
