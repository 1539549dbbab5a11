import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A large corpus made from a small text, so a benchmark downloads nothing: the text's speeches
 * (blocks between blank lines), shuffled again and again with a fixed seed, until the output holds
 * the megabytes asked for. Run with the JDK alone:
 *
 *   java bench/MakeCorpus.java tinyshakespeare.txt corpus-1g.txt 1000 [files]
 *
 * With a fourth argument the corpus is written as that many files in a folder (the second argument).
 */
public final class MakeCorpus {
    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: java bench/MakeCorpus.java SOURCE.txt OUT MEGABYTES [FILES]");
            System.exit(2);
        }
        String text = Files.readString(Path.of(args[0]));
        List<String> speeches = new ArrayList<>(List.of(text.split("\n\n")));
        long target = Long.parseLong(args[2]) * 1_000_000L;
        int files = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        Path out = Path.of(args[1]);
        if (files > 0) {
            Files.createDirectories(out);
        }
        Random random = new Random(1337);
        long written = 0;
        for (int file = 0; written < target; file++) {
            Path path = files > 0 ? out.resolve(String.format("part-%05d.txt", file)) : out;
            long fileTarget = files > 0 ? Math.min(target, written + target / files + 1) : target;
            try (BufferedWriter writer = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
                while (written < fileTarget) {
                    Collections.shuffle(speeches, random);
                    for (String speech : speeches) {
                        writer.write(speech);
                        writer.write("\n\n");
                        written += speech.length() + 2; // TinyShakespeare is ASCII: a character is a byte
                        if (written >= fileTarget) {
                            break;
                        }
                    }
                }
            }
        }
        System.out.printf("wrote %,d bytes to %s%n", written, out);
    }
}
