/** The {@code sgd} optimizer: plain stochastic gradient descent, on ND4J's Sgd updater. */
package org.minigpt.samediff.optimizers.sgd;
