package org.minigpt.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The studio as a user meets it: {@code bin/minigpt studio} in its own process, the page in a real
 * headless Chromium. Moves a slider and reads the parameter count, trains a short run and watches
 * the chart gain points, generates at two temperatures; screenshots of each panel go to
 * {@code target/screenshots}. Needs Debian's {@code chromium} and {@code chromium-driver}
 * ({@code .ci/run} installs them); without them it is skipped, except in CI, where it fails.
 */
class StudioBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @TempDir
    Path dir;
    Process studio;
    ChromeDriver browser;
    Path slice;

    @BeforeEach
    void openTheStudio() throws Exception {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (System.getenv("CI") != null) {
            assertTrue(installed, "CI needs chromium and chromedriver: apt-get install -y chromium chromium-driver");
        }
        Assumptions.assumeTrue(installed, "chromium and chromedriver are not installed (apt-get install -y chromium chromium-driver)");

        slice = TestData.shakespeareSlice(dir, 100_000);
        Path tuned = instructionTunedRun();
        studio = new ProcessBuilder(TestData.projectRoot().resolve("bin/minigpt").toString(), "studio", "--port", "0",
                "--data", slice.toString(), "--runs", dir.resolve("runs").toString(), "--run", tuned.toString())
                .redirectError(dir.resolve("studio.err").toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(studio.getInputStream(), StandardCharsets.UTF_8));
        String first = out.readLine();
        Matcher url = Pattern.compile("^studio +(http://127\\.0\\.0\\.1:\\d+/) ").matcher(first == null ? "" : first);
        assertTrue(url.find(), "the studio's first line names its address: " + first + "\n" + Files.readString(dir.resolve("studio.err")));

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1500,1100");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
        browser = new ChromeDriver(service, options);
        browser.get(url.group(1));
    }

    /** A tiny run taught one answer, for the chat panel, which the studio shows until it has trained a run of its own. */
    private Path instructionTunedRun() throws Exception {
        Path chat = Files.writeString(dir.resolve("chat.jsonl"), ("{\"messages\": [{\"role\": \"user\", \"content\":"
                + " \"Who is there?\"}, {\"role\": \"assistant\", \"content\": \"Nay, answer me\"}]}\n").repeat(40));
        CliRun base = CliRun.of("train", "--data", slice.toString(), "--run", dir.resolve("base").toString(), "--set", "train.steps=30",
                "--set", "model.layers=1", "--set", "model.heads=2", "--set", "model.d_model=32", "--set", "model.context_length=32",
                "--set", "train.batch_size=8", "--set", "train.eval_batches=1");
        assertEquals(0, base.exitCode(), base.toString());
        Path tuned = dir.resolve("tuned");
        CliRun tuning = CliRun.of("train", "--init-from", dir.resolve("base").toString(), "--data", chat.toString(), "--run",
                tuned.toString(), "--set", "train.steps=60", "--set", "train.batch_size=8", "--set", "train.eval_batches=1",
                "--set", "optimizer.lr=0.01", "--set", "train.warmup_steps=5");
        assertEquals(0, tuning.exitCode(), tuning.toString());
        return tuned;
    }

    @AfterEach
    void closeIt() {
        if (browser != null) {
            browser.quit();
        }
        if (studio != null) {
            studio.destroy();
        }
    }

    @Test
    void slidersCountTrainingChartsAndGenerationStreams() throws Exception {
        // 0. Chat: the studio opened on an instruction-tuned run shows the chat panel; a reply streams in.
        waitUntil(Duration.ofSeconds(30), () -> browser.findElement(By.id("chat")).isDisplayed());
        browser.findElement(By.id("chat-temperature")).sendKeys(Keys.HOME); // 0: greedy
        type("chat-input", "Who is there?");
        browser.findElement(By.id("chat-send")).click();
        waitUntil(Duration.ofSeconds(60), () -> "true".equals(String.valueOf(browser.executeScript(
                "const r = document.querySelector('#chat-log li.chat-assistant'); return r && r.dataset.done"))));
        assertEquals(List.of("Who is there?", "Nay, answer me"), browser.findElements(By.cssSelector("#chat-log li")).stream()
                .map(WebElement::getText).toList());
        assertEquals("", text("chat-error"));
        screenshot("chat", "studio-chat.png");

        // 1. Build: the tutorial's model, then one more layer by keyboard on the slider.
        String seedTotal = paramsCommandTotal(4, 4, 128, 64);
        waitUntil(Duration.ofSeconds(30), () -> text("param-total").equals(seedTotal));
        WebElement layers = browser.findElement(By.id("layers"));
        layers.sendKeys(Keys.ARROW_RIGHT);
        assertEquals("5", text("layers-value"));
        String fiveLayers = paramsCommandTotal(5, 4, 128, 64);
        waitUntil(Duration.ofSeconds(30), () -> text("param-total").equals(fiveLayers));
        assertTrue(browser.findElements(By.cssSelector("#param-parts tbody tr")).size() >= 5 * 3 + 4, "a row per part");

        browser.findElement(By.id("heads")).sendKeys(Keys.ARROW_LEFT); // 3 heads do not divide 128
        waitUntil(Duration.ofSeconds(5), () -> text("build-error").equals("heads (3) must divide d_model (128)"));
        assertEquals("—", text("param-total"));
        assertTrue(!browser.findElement(By.id("start")).isEnabled(), "an invalid model cannot be trained");
        browser.findElement(By.id("heads")).sendKeys(Keys.ARROW_RIGHT);
        waitUntil(Duration.ofSeconds(30), () -> text("param-total").equals(fiveLayers));
        screenshot("build", "studio-build.png");

        // 2. Train: a small model for 60 steps; the chart gains a point per log and samples appear.
        layers.sendKeys(Keys.HOME); // 1 layer
        browser.findElement(By.id("d_model")).sendKeys(Keys.HOME); // 16
        browser.findElement(By.id("heads")).sendKeys(Keys.HOME, Keys.ARROW_RIGHT); // 2
        browser.findElement(By.id("context_length")).sendKeys(Keys.HOME, Keys.ARROW_RIGHT); // 16
        String smallTotal = paramsCommandTotal(1, 2, 16, 16);
        waitUntil(Duration.ofSeconds(30), () -> text("param-total").equals(smallTotal));
        type("steps", "60");
        type("batch_size", "8");
        browser.findElement(By.id("start")).click();
        waitUntil(Duration.ofSeconds(180), () -> text("train-state").equals("finished"));
        waitUntil(Duration.ofSeconds(10), () -> !browser.findElement(By.id("chat")).isDisplayed()); // its own run does not chat
        assertEquals("60", text("point-count"), "a chart point per logged step");
        Object plotted = browser.executeScript("return document.querySelectorAll('#chart canvas').length");
        assertEquals(1L, plotted, "uPlot drew the chart");
        List<WebElement> samples = browser.findElements(By.cssSelector("#samples li"));
        assertEquals(10, samples.size(), "a sample at each of the ten evaluations");
        assertTrue(samples.get(9).getText().startsWith("step 60: "), samples.get(9).getText());
        assertTrue(text("train-val").matches("\\d\\.\\d{4}"), text("train-val"));
        screenshot("train", "studio-train.png");

        // 3. Generate: two temperatures side by side, streamed in.
        type("prompt", "ROMEO:");
        type("max_tokens", "80");
        browser.findElement(By.id("run-generate")).click();
        waitUntil(Duration.ofSeconds(60), () -> "true".equals(attribute("text-a", "data-done"))
                && "true".equals(attribute("text-b", "data-done")));
        for (String column : List.of("text-a", "text-b")) {
            String generated = text(column);
            assertTrue(generated.startsWith("ROMEO:") && generated.length() > "ROMEO:".length() + 40, column + ": " + generated);
        }
        assertEquals("", text("generate-error"));

        // 3b. Next token: bars before and after each column's dials, redrawn as the dials move.
        waitUntil(Duration.ofSeconds(30), () -> bars("afterLeft").length > 0);
        assertEquals(1L, browser.executeScript("return document.querySelectorAll('#next-chart canvas').length"), "uPlot drew the bars");
        double[] before = bars("before");
        assertTrue(before.length == 20 && before[0] >= before[19], "the 20 most likely tokens, most likely first");
        assertTrue(bars("afterLeft")[0] > before[0], "temperature 0.5 sharpens the left column's distribution");
        assertTrue(bars("afterRight")[0] < before[0], "temperature 1.2 flattens the right column's");
        assertTrue(text("next-note").startsWith("Step 60: most likely "), text("next-note"));
        browser.findElement(By.id("temperature-a")).sendKeys(Keys.HOME); // 0: greedy
        waitUntil(Duration.ofSeconds(10), () -> bars("afterLeft")[0] == 1.0);
        type("top_k", "3");
        waitUntil(Duration.ofSeconds(10), () -> java.util.Arrays.stream(bars("afterRight")).filter(p -> p > 0).count() == 3);
        screenshot("generate", "studio-generate.png");
        Files.write(SCREENSHOTS.resolve("studio-page.png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    /** {@code minigpt params} on the same text, formatted as the page formats it. */
    private String paramsCommandTotal(int layers, int heads, int dModel, int context) {
        CliRun params = CliRun.of("params", "--data", slice.toString(), "--set", "model.layers=" + layers,
                "--set", "model.heads=" + heads, "--set", "model.d_model=" + dModel, "--set", "model.context_length=" + context);
        assertEquals(0, params.exitCode(), params.toString());
        Matcher total = Pattern.compile("(?m)^total +([\\d,]+)$").matcher(params.out());
        assertTrue(total.find(), params.out());
        return total.group(1);
    }

    /** The next-token chart's bar heights of one series, from the data the page drew them with; none yet: empty. */
    private double[] bars(String series) {
        Object values = browser.executeScript("return document.getElementById('next-chart').dataset." + series + " || '[]'");
        String list = values.toString().replaceAll("[\\[\\]\\s]", "");
        return list.isEmpty() ? new double[0] : java.util.Arrays.stream(list.split(",")).mapToDouble(Double::parseDouble).toArray();
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private String attribute(String id, String name) {
        return browser.findElement(By.id(id)).getAttribute(name);
    }

    private void type(String id, String value) {
        WebElement field = browser.findElement(By.id(id));
        field.clear();
        field.sendKeys(value);
    }

    private void waitUntil(Duration timeout, java.util.function.BooleanSupplier condition) {
        List<String> problems = new ArrayList<>();
        new WebDriverWait(browser, timeout).withMessage(() -> "page state: param-total=" + text("param-total")
                + " build-error=" + text("build-error") + " train-state=" + text("train-state") + " train-error="
                + text("train-error") + " generate-error=" + text("generate-error") + problems)
                .until(driver -> condition.getAsBoolean());
    }

    private void screenshot(String panel, String file) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve(file), browser.findElement(By.id(panel)).getScreenshotAs(OutputType.BYTES));
    }
}
