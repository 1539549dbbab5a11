/** The {@code mirostat} sampler (version 2): holds the surprise of the text near a target, with state across tokens. */
package org.minigpt.samplers.mirostat;
