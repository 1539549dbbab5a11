/**
 * A prepared corpus, larger than the heap: its manifest and its token shards read back window by window for
 * training ({@code minigpt prepare} writes them, through {@link org.minigpt.core.CorpusPreparation}).
 */
package org.minigpt.core.corpus;
