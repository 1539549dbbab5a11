/** What the ND4J-backed optimizer plugins share: ND4J's updaters with decoupled weight decay. */
package org.minigpt.optimizers;
