package org.minigpt.core.internal.train;

import org.minigpt.core.internal.run.MetricsCsv;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.minigpt.api.model.StepResult;
import org.minigpt.core.train.TrainingListener;
import org.minigpt.core.train.TrainingPoint;

/**
 * Training measured with Micrometer: the step time (timer), tokens (counter), and loss, val loss,
 * learning rate and gradient norm (gauges); each logged point is also a row of {@code metrics.csv}.
 */
public final class MetricsRecorder implements TrainingListener {
    private final MetricsCsv csv;
    private final Timer stepTime;
    private final Counter tokens;
    private final long tokensPerStep;
    private final AtomicLong step = new AtomicLong();
    private volatile double loss = Double.NaN;
    private volatile double valLoss = Double.NaN;
    private volatile double learningRate = Double.NaN;
    private volatile double gradientNorm = Double.NaN;

    public MetricsRecorder(MeterRegistry registry, MetricsCsv csv, long tokensPerStep) {
        this.csv = csv;
        this.tokensPerStep = tokensPerStep;
        this.stepTime = Timer.builder("minigpt.train.step").description("wall time of one training step").register(registry);
        this.tokens = Counter.builder("minigpt.train.tokens").description("tokens trained on").baseUnit("tokens")
                .register(registry);
        Gauge.builder("minigpt.train.steps", step, AtomicLong::get).description("steps done").register(registry);
        Gauge.builder("minigpt.train.loss", this, r -> r.loss).description("training loss, nats per token").register(registry);
        Gauge.builder("minigpt.val.loss", this, r -> r.valLoss).description("held-out loss at the last evaluation")
                .register(registry);
        Gauge.builder("minigpt.learning.rate", this, r -> r.learningRate).register(registry);
        Gauge.builder("minigpt.gradient.norm", this, r -> r.gradientNorm).description("global L2 norm before clipping")
                .register(registry);
    }

    @Override
    public void started(long firstStep, long lastStep, TrainingPoint resumedFrom) {
        step.set(firstStep - 1);
        tokens.increment(resumedFrom.tokens());
        valLoss = resumedFrom.valLoss();
    }

    @Override
    public void stepped(long step, StepResult result, double learningRate, long nanos) {
        stepTime.record(nanos, TimeUnit.NANOSECONDS);
        tokens.increment(tokensPerStep);
        this.step.set(step);
        this.loss = result.loss();
        this.learningRate = learningRate;
        this.gradientNorm = result.gradientNorm();
    }

    @Override
    public void logged(TrainingPoint point) {
        if (point.evaluated()) {
            valLoss = point.valLoss();
        }
        double[] row = new double[csv.columns().size()];
        double[] fixed = {point.step(), point.elapsed().toMillis() / 1000.0, point.tokens(), point.loss(), point.valLoss(),
            point.bestValLoss(), point.learningRate(), point.gradientNorm(), point.tokensPerSecond(),
            stepTime.mean(TimeUnit.MILLISECONDS)};
        System.arraycopy(fixed, 0, row, 0, fixed.length);
        for (int i = fixed.length; i < row.length; i++) {
            row[i] = point.measures().getOrDefault(csv.columns().get(i), Double.NaN);
        }
        csv.append(row);
    }
}
