/**
 * The optimizer plugins of the SameDiff engine: they update ND4J arrays in place (ND4J's updaters with
 * decoupled weight decay), so they serve models whose parameters are ND4J arrays.
 */
package org.minigpt.samediff.optimizers;
