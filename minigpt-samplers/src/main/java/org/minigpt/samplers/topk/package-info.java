/** The {@code top-k} sampler: draws among the k most likely tokens only. */
package org.minigpt.samplers.topk;
