package org.minigpt.core.data;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import org.minigpt.api.MinigptException;

/**
 * The default corpus: TinyShakespeare (1,115,394 characters), downloaded once into a cache
 * ({@code $MINIGPT_HOME} or {@code ~/.cache/minigpt}) and verified by its SHA-256.
 */
public final class TinyShakespeare {
    public static final String URL = "https://raw.githubusercontent.com/karpathy/char-rnn/master/data/tinyshakespeare/input.txt";
    public static final String SHA256 = "86c4e6aa9db7c042ec79f339dcb96d42b0075e16b8fc2e86bf0ca57e2dc565ed";
    public static final String FILE_NAME = "tinyshakespeare.txt";

    private TinyShakespeare() {
    }

    /** The cache directory: {@code $MINIGPT_HOME}, else {@code ~/.cache/minigpt}. */
    public static Path cacheDirectory(Map<String, String> environment) {
        String home = environment.get("MINIGPT_HOME");
        if (home != null && !home.isBlank()) {
            return Path.of(home);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "minigpt");
    }

    /** The cached copy, downloaded first if it is missing or does not match its checksum. */
    public static Path ensureCached(Path cacheDirectory, java.io.PrintStream log) {
        Path file = cacheDirectory.resolve(FILE_NAME);
        if (Files.isRegularFile(file) && SHA256.equals(sha256(file))) {
            return file;
        }
        log.println("downloading TinyShakespeare from " + URL + " into " + file);
        try {
            Files.createDirectories(cacheDirectory);
            Path temp = Files.createTempFile(cacheDirectory, FILE_NAME, ".part");
            try {
                download(temp);
                String actual = sha256(temp);
                if (!SHA256.equals(actual)) {
                    throw new IOException("checksum mismatch: got sha256 " + actual);
                }
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw unavailable(file, e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(file, "interrupted");
        }
        return file;
    }

    private static void download(Path target) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(15))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(URL)).timeout(Duration.ofSeconds(120)).build();
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("HTTP " + response.statusCode());
            }
            Files.copy(body, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static MinigptException unavailable(Path file, String reason) {
        return DataProblem.noDownload(file, reason == null || reason.isBlank() ? "no network?" : reason, URL);
    }

    /** The file's SHA-256 in hex, or "" if it cannot be read. */
    public static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            return "";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
