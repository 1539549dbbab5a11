/** The reward SPI: scoring a sampled answer, for learning from rewards ({@code train.objective=rl}) and the report card. */
package org.minigpt.api.reward;
