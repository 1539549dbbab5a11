package org.minigpt.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.rdd.RDD;
import org.apache.spark.broadcast.Broadcast;
import org.minigpt.api.MinigptException;
import org.minigpt.api.model.LanguageModel;
import org.minigpt.api.model.StepResult;
import org.minigpt.core.train.LearningRateSchedule;
import org.minigpt.core.train.StepDriver;
import org.minigpt.core.train.TrainOptions;
import scala.Tuple2;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * DiLoCo's rounds, each one Spark job of one task per worker: every worker takes H steps from the
 * round's weights; the driver averages their changes and applies the outer Nesterov step to the run's
 * model. Each worker's optimizer state stays on the executor that trained it (each task asks for its
 * worker's last executor); the driver fetches the states only for a checkpoint, and keeps what a task
 * needs to rebuild a state lost with its executor: the states it last fetched and each round's start
 * weights since.
 */
final class DilocoSteps implements StepDriver {
    static final String STATE_FOLDER = "diloco";
    private static final String NEXT_START = "next-start.f32";
    /** The measure of inner steps tasks replayed in a round to rebuild optimizer states lost with their executors. */
    static final String REBUILT_STEPS = "rebuilt_steps";
    /** The rounds whose start weights the driver keeps for rebuilding before it fetches the workers' states. */
    private static final int MAX_REPLAYS = 20;
    private final JavaSparkContext spark;
    private final Broadcast<WorkerSpec> spec;
    private final DilocoOptions options;
    private final LanguageModel model;
    private final OuterNesterov outer;
    private final WorkerState[] states; // as the driver last fetched them (null: a fresh optimizer)
    private final List<Broadcast<WorkerState>> synced = new ArrayList<>(); // those states, for tasks that rebuild
    private final List<WorkerRound.Replay> since = new ArrayList<>(); // the rounds since, with their start weights
    private final String[] locations; // where each worker last trained
    private float[] nextStart; // where the next round starts when the model is the workers' average (null: the model)
    private long step;
    private final LearningRateSchedule schedule;
    private final String run;
    private final boolean executorsInThisJvm;

    /** @param schedule the workers' learning rate at each step, for the run's log */
    DilocoSteps(JavaSparkContext spark, WorkerSpec spec, DilocoOptions options, LanguageModel model, LearningRateSchedule schedule) {
        this.spark = spark;
        this.run = spec.id();
        this.schedule = schedule;
        this.spec = spark.broadcast(spec);
        this.options = options;
        this.model = model;
        this.outer = new OuterNesterov(options.outerMomentum());
        this.states = new WorkerState[options.workers()];
        this.locations = new String[options.workers()];
        this.executorsInThisJvm = spark.isLocal();
    }

    @Override
    public int batchesPerStep() {
        return options.workers();
    }

    @Override
    public String description() {
        double megabytes = model.parameterTotal() * 4 / 1e6;
        String rate = options.outerLearningRateEnd() == options.outerLearningRate() ? "" + options.outerLearningRate()
                : options.outerLearningRate() + " (" + options.outerLearningRateEnd() + " as the workers' rate decays)";
        String synchronous = options.synchronousSteps() == 0 ? ""
                : " after " + options.synchronousSteps() + " steps each followed by their average";
        return String.format(Locale.ROOT, "spark %s: DiLoCo, %d workers x %d steps a round%s, outer Nesterov lr %s momentum %s,"
                + " the model %s; a round sends each worker %.1f MB of weights and gets %.1f MB of change back (its optimizer"
                + " state stays on its executor)",
                spark.master(), options.workers(), options.innerSteps(), synchronous, rate, options.outerMomentum(),
                options.modelIsAverage() ? "the workers' average" : "the outer step's", megabytes, megabytes);
    }

    @Override
    public List<String> measureNames() {
        return List.of(REBUILT_STEPS);
    }

    @Override
    public List<TakenStep> advance(long step, long lastStep) {
        long to = Math.min(options.roundEnd(step), lastStep);
        float[] weights = nextStart != null ? nextStart : model.parameterValues();
        long start = System.nanoTime();
        Broadcast<float[]> shared = spark.broadcast(weights);
        List<WorkerResult> results = run(step, to, shared, false, "DiLoCo round " + options.round(step)
                + ": steps " + (step + 1) + "-" + to);
        since.add(new WorkerRound.Replay(step, to, shared)); // kept until the states are next fetched
        this.step = to;
        double[] meanChange = meanChange(results, weights.length);
        float[] average = new float[weights.length];
        for (int i = 0; i < average.length; i++) {
            average[i] = (float) (weights[i] - meanChange[i]);
        }
        if (options.synchronousAt(step)) {
            model.setParameterValues(average);
            nextStart = null;
        } else {
            float[] next = weights.clone(); // the broadcast may be this very array (local[N]), and replays start from it
            float[] outerGradient = new float[weights.length];
            for (int i = 0; i < weights.length; i++) {
                outerGradient[i] = (float) meanChange[i];
            }
            outer.step(next, outerGradient, options.outerLearningRateAt(schedule.decayed(to - 1)));
            model.setParameterValues(options.modelIsAverage() ? average : next);
            nextStart = options.modelIsAverage() ? next : null;
        }
        if (since.size() >= MAX_REPLAYS) {
            fetchStates(); // bounds the start weights kept for rebuilding when rounds are short
        }
        return taken(results, step, System.nanoTime() - start);
    }

    /** The workers' mean change over the round. */
    private static double[] meanChange(List<WorkerResult> results, int size) {
        double[] sum = new double[size];
        for (WorkerResult result : results) {
            float[] change = result.outerGradient();
            for (int i = 0; i < size; i++) {
                sum[i] += change[i];
            }
        }
        for (int i = 0; i < size; i++) {
            sum[i] /= results.size();
        }
        return sum;
    }

    /** A job of one task a worker, each asking for the executor its worker last trained on. */
    private List<WorkerResult> run(long from, long to, Broadcast<float[]> weights, boolean returnState, String description) {
        if (synced.isEmpty()) {
            for (WorkerState state : states) {
                synced.add(state == null ? null : spark.broadcast(state));
            }
        }
        List<Tuple2<WorkerRound, scala.collection.immutable.Seq<String>>> placed = new ArrayList<>();
        for (int worker = 0; worker < options.workers(); worker++) {
            WorkerRound round = new WorkerRound(worker, from, to, synced.get(worker), List.copyOf(since), returnState);
            List<String> preferred = locations[worker] == null ? List.of() : List.of(locations[worker]);
            placed.add(new Tuple2<>(round, CollectionConverters.asScala(preferred).toList()));
        }
        List<WorkerResult> results;
        try {
            spark.setJobDescription(description);
            ClassTag<WorkerRound> tag = ClassTag$.MODULE$.apply(WorkerRound.class);
            RDD<WorkerRound> rounds = spark.sc().makeRDD(CollectionConverters.asScala(placed).toList(), tag);
            results = new JavaRDD<>(rounds, tag).map(new RoundTask(spec, weights)).collect();
        } catch (Exception e) { // a job Spark gives up on ends in its checked SparkException, thrown undeclared from Scala
            throw failed(e);
        }
        for (WorkerResult result : results) {
            locations[result.worker()] = result.location();
        }
        return results;
    }

    /** Each worker's state now, from the executors that keep it (or rebuilt), as the driver's own from now on. */
    private void fetchStates() {
        if (since.isEmpty()) {
            return;
        }
        for (WorkerResult result : run(step, step, null, true, "DiLoCo: the workers' optimizer states at step " + step)) {
            states[result.worker()] = result.state();
        }
        since.forEach(replay -> replay.start().destroy());
        since.clear();
        synced.stream().filter(java.util.Objects::nonNull).forEach(Broadcast::destroy);
        synced.clear();
    }

    /** Each step of the round, its loss and gradient norm the workers' mean, its time a share of the round's. */
    private List<TakenStep> taken(List<WorkerResult> results, long step, long nanos) {
        int count = results.get(0).losses().length;
        long rebuilt = results.stream().mapToLong(WorkerResult::rebuiltSteps).sum();
        List<TakenStep> taken = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            double loss = 0;
            double norm = 0;
            for (WorkerResult result : results) {
                loss += result.losses()[i] / results.size();
                norm += result.gradientNorms()[i] / results.size();
            }
            taken.add(new TakenStep(new StepResult(loss, norm), schedule.at(step + i), nanos / count,
                    java.util.Map.of(REBUILT_STEPS, (double) rebuilt)));
        }
        return taken;
    }

    private static MinigptException failed(Exception e) {
        return new MinigptException("a DiLoCo round failed on Spark (" + jobFailure(e) + "); the last checkpoint is kept");
    }

    /** The first line of the innermost cause: what went wrong, under Spark's wrapping. */
    static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return message == null ? cause.getClass().getSimpleName() : message.lines().findFirst().orElse("");
    }

    /**
     * Why Spark gave up on a job: its last task failure, which the first line of its message gives after
     * {@code "(HOST executor N): "}.
     */
    static String jobFailure(Exception e) {
        String first = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
        int last = first.indexOf("most recent failure: ");
        int failure = last < 0 ? -1 : first.indexOf("): ", last);
        return failure < 0 ? rootMessage(e) : first.substring(failure + 3);
    }

    @Override
    public void saveState(Path folder) throws IOException {
        fetchStates();
        Path state = Files.createDirectories(folder.resolve(STATE_FOLDER));
        outer.save(state);
        if (nextStart != null) {
            FloatFile.write(state.resolve(NEXT_START), nextStart);
        }
        for (int worker = 0; worker < states.length; worker++) {
            if (states[worker] != null) {
                states[worker].write(state.resolve("worker-" + worker));
            }
        }
    }

    /** Goes on from the state a checkpoint of this run saved. */
    void loadState(Path checkpoint) throws IOException {
        Path state = checkpoint.resolve(STATE_FOLDER);
        if (!Files.isDirectory(state)) {
            throw new MinigptException(checkpoint + " holds no DiLoCo state (" + STATE_FOLDER + "/): it was saved by a run in one"
                    + " process; resume it with train.engine=" + TrainOptions.LOCAL_ENGINE);
        }
        outer.load(state, Math.toIntExact(model.parameterTotal()));
        nextStart = FloatFile.read(state.resolve(NEXT_START), Math.toIntExact(model.parameterTotal()));
        for (int worker = 0; worker < states.length; worker++) {
            Path saved = state.resolve("worker-" + worker);
            states[worker] = Files.isDirectory(saved) ? WorkerState.read(saved) : null;
        }
        synced.stream().filter(java.util.Objects::nonNull).forEach(Broadcast::destroy);
        synced.clear();
    }

    @Override
    public void close() {
        spec.destroy();
        if (executorsInThisJvm) {
            Replicas.release(run);
            KeptStates.release(run);
        }
        spark.stop();
    }
}
