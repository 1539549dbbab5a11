import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.minigpt.api.config.Config;
import org.minigpt.api.discovery.Plugins;
import org.minigpt.api.model.Decoder;
import org.minigpt.api.model.LanguageModel;
import org.minigpt.api.tokenizer.Tokenizer;
import org.minigpt.core.SavedRun;
import org.minigpt.core.run.RunDirectory;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The batched decoding step's arithmetic rate beside this machine's matrix-multiply rate at the same shapes.
 * For 1, 4, 16 and 32 sequences, each half a window long, it times single-token steps and counts their
 * multiply-adds (every linear layer and the head, plus attention over the cache); then it times ND4J's
 * OpenBLAS sgemm on the same [rows x in] x [in x out] shapes, and on 1024 rows for the machine's large-matrix rate.
 *
 *   OMP_NUM_THREADS=$(nproc) java -cp "minigpt-cli/target/minigpt-cli.jar:minigpt-cli/target/lib/*" bench/DecodeRate.java RUN
 */
public class DecodeRate {
    public static void main(String[] args) throws Exception {
        RunDirectory run = RunDirectory.open(Path.of(args[0]));
        Plugins plugins = Plugins.discover(DecodeRate.class.getClassLoader());
        Tokenizer tokenizer = SavedRun.tokenizer(plugins, run);
        Config config = run.config();
        int layers = Integer.parseInt(config.get("model.layers").orElse("4"));
        int d = Integer.parseInt(config.get("model.d_model").orElse("128"));
        try (SavedRun.Model saved = SavedRun.model(plugins, run, tokenizer, "best", note -> { })) {
            LanguageModel model = saved.model();
            int window = model.contextLength();
            int vocab = model.vocabSize();
            int[][] shapes = {{d, 3 * d}, {d, d}, {d, 4 * d}, {4 * d, d}};
            System.out.printf("model      %d layers, d_model %d, window %d, vocab %d; cores %d%n", layers, d, window, vocab,
                    Runtime.getRuntime().availableProcessors());
            for (int rows : new int[] {1, 4, 16, 32}) {
                double seconds = stepSeconds(model, rows, window / 2);
                double linear = 0;
                for (int[] shape : shapes) {
                    linear += 2.0 * rows * shape[0] * shape[1] * layers;
                }
                linear += 2.0 * rows * d * vocab;
                double attention = 4.0 * rows * (window / 2 + 1) * d * layers;
                double gemm = gemmSeconds(rows, shapes, layers, d, vocab);
                System.out.printf("rows %-3d   step %7.3f ms  %6.1f GFLOP/s   sgemm same shapes %7.3f ms  %6.1f GFLOP/s"
                        + "   step/sgemm %.2f%n", rows, seconds * 1e3, (linear + attention) / seconds / 1e9, gemm * 1e3,
                        linear / gemm / 1e9, ((linear + attention) / seconds) / (linear / gemm));
            }
            double big = gemmSeconds(1024, shapes, layers, d, vocab);
            double bigFlops = 0;
            for (int[] shape : shapes) {
                bigFlops += 2.0 * 1024 * shape[0] * shape[1] * layers;
            }
            bigFlops += 2.0 * 1024 * d * vocab;
            System.out.printf("sgemm on 1024 rows of the same layers: %.1f GFLOP/s%n", bigFlops / big / 1e9);
        }
    }

    /** Seconds per step of one new token for each of {@code rows} sequences that hold {@code length} tokens. */
    private static double stepSeconds(LanguageModel model, int rows, int length) {
        try (Decoder decoder = model.decoder(rows * model.contextLength() * 65_536L)) {
            List<Decoder.Sequence> sequences = new ArrayList<>();
            List<Decoder.Feed> prompts = new ArrayList<>();
            for (int r = 0; r < rows; r++) {
                sequences.add(decoder.open(model.contextLength()).orElseThrow());
                prompts.add(new Decoder.Feed(sequences.get(r), new int[length], false));
            }
            decoder.step(prompts);
            List<Decoder.Feed> step = new ArrayList<>();
            sequences.forEach(sequence -> step.add(new Decoder.Feed(sequence, new int[] {1}, true)));
            int steps = Math.min(model.contextLength() - length - 1, 100);
            double best = Double.MAX_VALUE;
            for (int i = 0; i < steps; i++) {
                long start = System.nanoTime();
                decoder.step(step);
                best = Math.min(best, (System.nanoTime() - start) / 1e9);
            }
            return best;
        }
    }

    /** Seconds for one [rows x in] x [in x out] sgemm per linear layer of every block, and the head. */
    private static double gemmSeconds(int rows, int[][] shapes, int layers, int d, int vocab) {
        List<INDArray[]> products = new ArrayList<>();
        for (int[] shape : shapes) {
            products.add(operands(rows, shape[0], shape[1]));
        }
        INDArray[] head = operands(rows, d, vocab);
        double best = Double.MAX_VALUE;
        for (int repeat = 0; repeat < 50; repeat++) {
            long start = System.nanoTime();
            for (int layer = 0; layer < layers; layer++) {
                for (INDArray[] p : products) {
                    Nd4j.gemm(p[0], p[1], p[2], false, false, 1.0, 0.0);
                }
            }
            Nd4j.gemm(head[0], head[1], head[2], false, false, 1.0, 0.0);
            best = Math.min(best, (System.nanoTime() - start) / 1e9);
        }
        return best;
    }

    private static INDArray[] operands(int rows, int in, int out) {
        return new INDArray[] {Nd4j.rand(DataType.FLOAT, rows, in), Nd4j.rand(DataType.FLOAT, in, out),
                Nd4j.create(DataType.FLOAT, new long[] {rows, out}, 'f')};
    }
}
