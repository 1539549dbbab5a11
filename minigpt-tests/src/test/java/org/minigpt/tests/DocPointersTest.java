package org.minigpt.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every page of the docs that the code's messages, comments or the launchers point to exists, with the section they
 * name; none points into the README for text that lives in docs/.
 */
class DocPointersTest {
    private static final Pattern POINTER = Pattern.compile("docs/([A-Za-z0-9_-]+\\.md)(?:: ([A-Z][^).\\n\"]*))?");
    private static final Pattern README_SECTION = Pattern.compile("README(?:'s [A-Z]|: [A-Z]| section)|in the README");

    @Test
    void everyPageAndSectionNamedExists() throws Exception {
        Path root = TestData.projectRoot();
        List<String> broken = new ArrayList<>();
        for (Path file : sources(root)) {
            String text = Files.readString(file);
            Matcher pointer = POINTER.matcher(text);
            while (pointer.find()) {
                Path page = root.resolve("docs").resolve(pointer.group(1));
                if (!Files.exists(page)) {
                    broken.add(root.relativize(file) + ": " + pointer.group());
                } else if (pointer.group(2) != null && !hasHeading(page, pointer.group(2).strip())) {
                    broken.add(root.relativize(file) + ": " + pointer.group() + " (no such section)");
                }
            }
            Matcher readme = README_SECTION.matcher(text);
            while (readme.find()) {
                broken.add(root.relativize(file) + ": points into the README: " + readme.group());
            }
        }
        assertEquals(List.of(), broken);
    }

    private static boolean hasHeading(Path page, String heading) throws Exception {
        return Files.readAllLines(page).stream().anyMatch(line -> line.matches("#+ " + Pattern.quote(heading)));
    }

    /** The launchers and every main source and resource file of every module. */
    private static List<Path> sources(Path root) throws Exception {
        List<Path> files = new ArrayList<>(List.of(root.resolve("bin/minigpt"), root.resolve("bin/minigpt.cmd")));
        try (Stream<Path> modules = Files.list(root)) {
            for (Path module : modules.filter(path -> path.getFileName().toString().startsWith("minigpt-")).toList()) {
                Path main = module.resolve("src/main");
                if (Files.isDirectory(main)) {
                    try (Stream<Path> walk = Files.walk(main)) {
                        walk.filter(Files::isRegularFile).filter(path -> path.toString().matches(".*\\.(java|properties|js|html)$"))
                                .forEach(files::add);
                    }
                }
            }
        }
        return files;
    }
}
