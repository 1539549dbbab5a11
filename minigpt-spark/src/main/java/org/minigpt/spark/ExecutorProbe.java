package org.minigpt.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.bytedeco.javacpp.Pointer;
import org.minigpt.api.MinigptException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Before a run writes anything: one task per worker loads ND4J's natives on its executor and reports the
 * native memory it may use there, which a worker's training step must fit in.
 */
final class ExecutorProbe {
    private ExecutorProbe() {
    }

    static void require(JavaSparkContext spark, int workers, long stepBytes) {
        List<Integer> tasks = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            tasks.add(i);
        }
        List<Long> budgets;
        try {
            spark.setJobDescription("minigpt: checking the executors");
            budgets = spark.parallelize(tasks, workers).map(task -> nativeBudget()).collect();
        } catch (Exception e) { // an aborted job ends in Spark's checked SparkException, thrown undeclared from Scala
            throw new MinigptException("the Spark executors cannot run minigpt (" + DilocoSteps.jobFailure(e)
                    + "); give them minigpt-spark's cluster jar, which holds ND4J's natives (docs/spark.md)");
        }
        long smallest = budgets.stream().mapToLong(Long::longValue).filter(budget -> budget > 0).min().orElse(0);
        if (stepBytes > 0 && smallest > 0 && stepBytes > smallest) {
            throw new MinigptException(String.format(Locale.ROOT, "a worker's training step needs about %.1f GB, more than the"
                    + " %.1f GB an executor's native memory may hold; raise spark.executor.memory (e.g. --set"
                    + " spark.executor.memory=%dg) or lower train.batch_size", stepBytes / 1e9, smallest / 1e9,
                    (stepBytes >> 30) + 2));
        }
    }

    /** Runs on an executor: loads the natives and returns JavaCPP's cap on the process's resident size. */
    private static long nativeBudget() {
        Nd4j.create(DataType.FLOAT, 1);
        return Pointer.maxPhysicalBytes();
    }
}
