package org.minigpt.spark;

import java.io.Serializable;
import java.util.TreeMap;

/**
 * What every worker of a run needs to build its replica, broadcast once a run: the run's config (its
 * plugins read it as on the driver), the vocabulary size and the training tokens.
 *
 * @param id this run's replicas on an executor, which later rounds reuse
 */
record WorkerSpec(String id, TreeMap<String, String> config, int vocabSize, WorkerTokens tokens) implements Serializable {
}
