/** The model SPI: a next-token language model that trains on batches and predicts logits. */
package org.minigpt.api.model;
