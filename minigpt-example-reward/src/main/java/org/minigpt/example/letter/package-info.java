/** An example reward plugin, {@code letter}: pays for how much of an answer is one letter. */
package org.minigpt.example.letter;
