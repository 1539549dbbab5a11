package org.minigpt.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * Every Java snippet in the README and docs/ is real: a whole file compiles as it stands, a class is the
 * project's own source word for word, and a fragment compiles inside a method against the project's jars.
 */
class DocsTest {
    private static final Pattern JAVA = Pattern.compile("(?ms)^( *)```java\\n(.*?)^ *```");
    private static final String IMPORTS = String.join("\n", "import java.nio.file.*;", "import java.util.*;",
            "import org.minigpt.api.config.*;", "import org.minigpt.api.discovery.*;", "import org.minigpt.core.*;",
            "import io.micrometer.core.instrument.simple.*;", "import dev.langchain4j.model.openai.*;");

    private record Snippet(Path file, String code) {
    }

    @Test
    void everyJavaSnippetCompilesOrIsTheProjectsOwnSource() throws Exception {
        Path root = TestData.projectRoot();
        List<Snippet> snippets = new ArrayList<>();
        List<Path> pages = new ArrayList<>(List.of(root.resolve("README.md")));
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            docs.filter(path -> path.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        for (Path page : pages) {
            Matcher block = JAVA.matcher(Files.readString(page));
            while (block.find()) {
                String indent = block.group(1);
                snippets.add(new Snippet(page, block.group(2).replaceAll("(?m)^" + indent, "")));
            }
        }
        assertTrue(snippets.size() >= 4, "the README and docs hold Java examples: " + snippets.size());
        String sources = allMainSources(root);
        List<JavaFileObject> units = new ArrayList<>();
        for (int i = 0; i < snippets.size(); i++) {
            String code = snippets.get(i).code();
            if (code.contains("package ")) {
                units.add(source(code.replaceAll("(?s).*public final class (\\w+).*", "$1"), code));
            } else if (code.contains(" class ")) {
                assertTrue(sources.contains(code.strip()), snippets.get(i).file() + " shows a class that is not the project's source:\n" + code);
            } else {
                units.add(source("Snippet" + i, IMPORTS + "\nclass Snippet" + i + " {\n    void run() throws Exception {\n" + code
                        + "\n    }\n}\n"));
            }
        }
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        StringWriter errors = new StringWriter();
        boolean compiled = compiler.getTask(errors, null, null, List.of("-proc:none", "-d",
                Files.createTempDirectory("docs-snippets").toString(), "-cp", System.getProperty("java.class.path")), null, units).call();
        assertEquals("", compiled ? "" : errors.toString());
    }

    private static JavaFileObject source(String className, String code) {
        return new SimpleJavaFileObject(URI.create("string:///" + className + ".java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return code;
            }
        };
    }

    private static String allMainSources(Path root) throws Exception {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java") && path.toString().contains("/src/main/")).toList()) {
                all.append(Files.readString(file)).append('\n');
            }
        }
        return all.toString();
    }
}
