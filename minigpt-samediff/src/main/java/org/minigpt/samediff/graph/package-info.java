/**
 * The gpt model's SameDiff graph: its options, the names of its parameters (which the cached decoder
 * and {@code weights.npz} share), what it is fed, and the NumPy archives its arrays are saved in.
 */
package org.minigpt.samediff.graph;
