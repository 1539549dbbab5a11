/**
 * Workarounds for SameDiff 1.0.0-M2.1's runtime, kept apart from the model: sessions that reuse a
 * step's arrays, op timing for profiling, and silencing its console output.
 */
package org.minigpt.samediff.runtime;
