/** The model SPI: a next-token language model that trains on batches and decodes many sequences at once. */
package org.minigpt.api.model;
