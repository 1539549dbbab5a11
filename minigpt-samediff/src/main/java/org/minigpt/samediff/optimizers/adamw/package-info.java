/** The {@code adamw} optimizer: Adam with decoupled weight decay, on ND4J's Adam updater. */
package org.minigpt.samediff.optimizers.adamw;
