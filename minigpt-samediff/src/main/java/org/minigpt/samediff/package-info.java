/** The {@code gpt} model plugin: a decoder-only Transformer built and trained with SameDiff. */
package org.minigpt.samediff;
