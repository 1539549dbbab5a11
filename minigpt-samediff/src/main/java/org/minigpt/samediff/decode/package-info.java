/** Generation with a key/value cache: the graph's forward pass one row at a time, in plain Java. */
package org.minigpt.samediff.decode;
