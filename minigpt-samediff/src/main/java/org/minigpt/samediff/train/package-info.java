/** Training the graph: gradients from SameDiff, global-norm clipping, one optimizer updater per parameter. */
package org.minigpt.samediff.train;
