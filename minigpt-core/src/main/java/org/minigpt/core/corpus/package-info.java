/**
 * A user's corpus, larger than the heap: its files found and checked, tokenized once in parallel into
 * token shards with a manifest ({@code minigpt prepare}), and read back window by window for training.
 */
package org.minigpt.core.corpus;
