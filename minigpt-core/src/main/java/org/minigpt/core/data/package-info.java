/** Text in, batches out: reading the corpus, the TinyShakespeare cache, the split and the window sampler. */
package org.minigpt.core.data;
