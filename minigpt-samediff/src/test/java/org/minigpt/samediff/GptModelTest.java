package org.minigpt.samediff;

import org.minigpt.samediff.graph.GptOptions;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.minigpt.api.MinigptException;
import org.minigpt.api.config.ConfigException;
import org.minigpt.api.config.PluginConfig;
import org.minigpt.api.model.Batch;
import org.minigpt.api.model.LanguageModel;
import org.minigpt.api.model.ModelTrainer;
import org.minigpt.api.model.ParameterCount;
import org.minigpt.api.model.TrainingStep;
import org.minigpt.samediff.optimizers.adamw.AdamWOptimizer;
import org.nd4j.linalg.api.buffer.DataType;

class GptModelTest {
    private final GptModelFactory factory = new GptModelFactory();

    /** The closed formula: embeddings, L x (12 D^2 + 13 D), final norm, head. */
    static long expectedParameters(int vocab, int context, int d, int layers) {
        long embeddings = (long) vocab * d + (long) context * d;
        long block = 12L * d * d + 13L * d;
        return embeddings + layers * block + 2L * d + (long) d * vocab;
    }

    @ParameterizedTest
    @CsvSource({"65, 64, 128, 4, 4", "256, 64, 128, 4, 4", "10, 8, 16, 1, 2", "50, 32, 48, 3, 6", "7, 5, 12, 2, 3"})
    void parameterCountEqualsTheClosedFormula(int vocab, int context, int d, int heads, int layers) {
        GptModel model = GptModelFactory.create(new GptOptions(layers, heads, d, context, 0.1), vocab, 1, DataType.FLOAT);
        assertEquals(expectedParameters(vocab, context, d, layers), model.parameterTotal());
        Map<String, Long> parts = model.parameterCounts().stream()
                .collect(Collectors.toMap(ParameterCount::part, ParameterCount::count));
        assertEquals((long) vocab * d, parts.get("token embedding"));
        assertEquals((long) context * d, parts.get("position embedding"));
        assertEquals(4L * d * d + 4L * d, parts.get("block 0 attention"));
        assertEquals(8L * d * d + 5L * d, parts.get("block 0 mlp"));
        assertEquals(4L * d, parts.get("block " + (layers - 1) + " norms"));
        assertEquals(2L * d, parts.get("final norm"));
        assertEquals((long) d * vocab, parts.get("head"));
        assertEquals(3 + 3 * layers + 1, parts.size());
    }

    @Test
    void theSeedModelHasTheSeedsParameterCount() {
        // The tutorial's PyTorch MiniGPT (seed_minigpt.py, 256-symbol vocabulary) reports 867,072 parameters.
        GptModel model = GptModelFactory.create(new GptOptions(4, 4, 128, 64, 0.1), 256, 1, DataType.FLOAT);
        assertEquals(867_072, model.parameterTotal());
    }

    @Test
    void logitsHaveOneValuePerTokenAndAContextFillsAtMostTheWindow() {
        GptModel model = GptModelFactory.create(new GptOptions(2, 2, 16, 8, 0.1), 11, 5, DataType.FLOAT);
        float[] logits = model.decoder().logitsAfter(new int[] {1, 2, 3});
        assertEquals(11, logits.length);
        int[] longContext = {9, 9, 9, 1, 2, 3, 4, 5, 6, 7, 8};
        assertThrows(IllegalArgumentException.class, () -> model.decoder().logitsAfter(longContext));
    }

    @Test
    void paddingAShortContextDoesNotChangeItsLogits() {
        GptModel model = GptModelFactory.create(new GptOptions(2, 2, 16, 8, 0), 11, 5, DataType.DOUBLE);
        // The logits after [4, 7] from a full window whose first two tokens are 4, 7.
        Batch batch = new Batch(1, 8, new int[] {4, 7, 1, 1, 1, 1, 1, 1}, new int[8]);
        float[] shortContext = model.decoder().logitsAfter(new int[] {4, 7});
        float[] other = model.decoder().logitsAfter(new int[] {4, 7, 3});
        assertEquals(11, shortContext.length);
        assertTrue(shortContext[0] != other[0]);
        assertEquals(batch.size(), 1);
    }

    @Test
    void aTinyModelMemorisesAOneKilobyteText() {
        String text = """
                First Citizen:
                Before we proceed any further, hear me speak.
                All:
                Speak, speak.
                First Citizen:
                You are all resolved rather to die than to famish?
                All:
                Resolved. resolved.
                First Citizen:
                First, you know Caius Marcius is chief enemy to the people.
                All:
                We know't, we know't.
                First Citizen:
                Let us kill him, and we'll have corn at our own price.
                Is't a verdict?
                All:
                No more talking on't; let it be done: away, away!
                Second Citizen:
                One word, good citizens.
                First Citizen:
                We are accounted poor citizens, the patricians good.
                What authority surfeits on would relieve us: if they
                would yield us but the superfluity, while it were
                wholesome, we might guess they relieved us humanely;
                but they think we are too dear: the leanness that
                afflicts us, the object of our misery, is as an
                inventory to particularise their abundance; our
                sufferance is a gain to them Let us revenge this with
                our pikes, ere we become rakes: for the gods know I
                speak this in hunger for bread, not in thirst for revenge.
                Second Citizen:
                Would you proceed especially against Caius Marcius?
                """;
        assertTrue(text.length() >= 1000 && text.length() < 1200, "text is " + text.length() + " chars");
        int[] alphabet = text.chars().distinct().sorted().toArray();
        int[] ids = text.chars().map(c -> java.util.Arrays.binarySearch(alphabet, c)).toArray();
        int t = 64;
        int windows = (ids.length - 1) / t;
        int[] inputs = new int[windows * t];
        int[] targets = new int[windows * t];
        for (int w = 0; w < windows; w++) {
            System.arraycopy(ids, w * t, inputs, w * t, t);
            System.arraycopy(ids, w * t + 1, targets, w * t, t);
        }
        Batch all = new Batch(windows, t, inputs, targets);

        GptModel model = GptModelFactory.create(new GptOptions(2, 2, 64, t, 0), alphabet.length, 42, DataType.FLOAT);
        ModelTrainer trainer = model.trainer(new AdamWOptimizer(3e-3, 0, 0.9, 0.99, 1e-8), 42, 1);
        double first = trainer.step(all, new TrainingStep(0, 3e-3, Double.POSITIVE_INFINITY)).loss();
        double loss = first;
        for (int step = 1; step < 400 && loss >= 0.05; step++) {
            loss = trainer.step(all, new TrainingStep(step, 3e-3, Double.POSITIVE_INFINITY)).loss();
        }
        assertTrue(first > 3.0, "initial loss should be near ln(" + alphabet.length + "), was " + first);
        double evaluation = model.loss(all);
        assertTrue(evaluation < 0.1, "loss after memorising was " + evaluation);
    }

    @Test
    void savedWeightsLoadIntoAFreshModel(@TempDir Path runDir) throws Exception {
        PluginConfig config = new PluginConfig("model", Map.of("layers", "1", "heads", "2", "d_model", "8", "context_length", "4"));
        LanguageModel original = factory.create(config, 6, 99);
        original.save(runDir);
        assertTrue(Files.size(runDir.resolve(GptModel.WEIGHTS_FILE)) > 0);
        LanguageModel loaded = factory.load(runDir, config, 6);
        assertArrayEquals(original.decoder().logitsAfter(new int[] {1, 2}), loaded.decoder().logitsAfter(new int[] {1, 2}));

        PluginConfig wider = new PluginConfig("model", Map.of("layers", "1", "heads", "2", "d_model", "16", "context_length", "4"));
        MinigptException mismatch = assertThrows(MinigptException.class, () -> factory.load(runDir, wider, 6));
        assertTrue(mismatch.getMessage().contains("has shape [6, 8] but the run's config makes [6, 16]"), mismatch.getMessage());

        Files.write(runDir.resolve(GptModel.WEIGHTS_FILE), new byte[] {1, 2, 3, 4, 5});
        MinigptException corrupt = assertThrows(MinigptException.class, () -> factory.load(runDir, config, 6));
        assertTrue(corrupt.getMessage().contains("weights.npz"), corrupt.getMessage());
    }

    @Test
    void aModelTooLargeToIndexIsAConfigErrorNamingTheKey() {
        ConfigException wide = assertThrows(ConfigException.class,
                () -> GptModelFactory.create(new GptOptions(1, 4, 100_000, 64, 0), 65, 0, DataType.FLOAT));
        assertEquals("model.d_model=100000 makes a 100,000 x 400,000 weight matrix (40,000,000,000 values), more than one"
                + " array holds (2,147,483,647); lower model.d_model", wide.getMessage());
        ConfigException longContext = assertThrows(ConfigException.class,
                () -> GptModelFactory.create(new GptOptions(1, 4, 128, 20_000_000, 0), 65, 0, DataType.FLOAT));
        assertTrue(longContext.getMessage().startsWith("model.context_length=20000000 makes a 20,000,000 x 128"),
                longContext.getMessage());
    }

    @Test
    void configValuesOutOfRangeNameTheirKey() {
        List<Map.Entry<Map<String, String>, String>> cases = List.of(
                Map.entry(Map.of("layers", "0"), "model.layers must be an integer >= 1, was 0"),
                Map.entry(Map.of("heads", "3"), "model.heads must divide model.d_model (128), was 3"),
                Map.entry(Map.of("dropout", "1"), "model.dropout must be in [0.0, 1.0), was 1.0"),
                Map.entry(Map.of("context_length", "-4"), "model.context_length must be an integer >= 1, was -4"),
                Map.entry(Map.of("d_model", "wide"), "model.d_model was 'wide' but it must be an integer"));
        for (Map.Entry<Map<String, String>, String> c : cases) {
            ConfigException e = assertThrows(ConfigException.class, () -> GptOptions.from(new PluginConfig("model", c.getKey())));
            assertEquals(c.getValue(), e.getMessage());
        }
    }
}
