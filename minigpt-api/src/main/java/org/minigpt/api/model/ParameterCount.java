package org.minigpt.api.model;

/** The number of trainable parameters in one part of a model, e.g. {@code block 0 attention}. */
public record ParameterCount(String part, long count) {
}
