/** The {@code dry} sampler: "don't repeat yourself", a penalty on tokens that would extend a repeat. */
package org.minigpt.samplers.dry;
