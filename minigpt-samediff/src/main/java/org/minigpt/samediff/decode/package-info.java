/** Decoding with key/value caches: many sequences' rows through the graph's forward pass at once, in plain Java. */
package org.minigpt.samediff.decode;
