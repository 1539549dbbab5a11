package org.minigpt.cli;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.minigpt.api.MinigptException;

/**
 * Third-party plugin jars: every {@code *.jar} in a plugins folder, loaded on top of the CLI's own
 * class path so their providers are found like the built-in ones. The folder is {@code --plugins DIR},
 * else the system property {@code minigpt.plugins} (bin/minigpt sets it to {@code plugins/} in the
 * checkout), which may be absent.
 */
final class PluginJars {
    static final String PROPERTY = "minigpt.plugins";

    private PluginJars() {
    }

    /** The folder named by {@code --plugins DIR} in {@code args}, if any. */
    static Path explicitFolder(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--" + CliOptions.PLUGINS) && i + 1 < args.length) {
                return Path.of(args[i + 1]);
            }
            if (args[i].startsWith("--" + CliOptions.PLUGINS + "=")) {
                return Path.of(args[i].substring(CliOptions.PLUGINS.length() + 3));
            }
        }
        return null;
    }

    /** The class loader for the plugins folder, and a line for each file in it that could not be used. */
    record Loaded(ClassLoader loader, List<String> warnings) {
    }

    static Loaded classLoader(String[] args, ClassLoader parent) {
        Path explicit = explicitFolder(args);
        if (explicit != null && !Files.isDirectory(explicit)) {
            throw new MinigptException("--plugins " + explicit + " is not a directory; pass the folder that holds plugin jars");
        }
        String property = System.getProperty(PROPERTY);
        Path folder = explicit != null ? explicit : property == null ? null : Path.of(property);
        if (folder == null || !Files.isDirectory(folder)) {
            return new Loaded(parent, List.of());
        }
        List<URL> jars = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path jar : files.filter(file -> file.toString().endsWith(".jar")).sorted().toList()) {
                try (JarFile readable = new JarFile(jar.toFile())) {
                    jars.add(jar.toUri().toURL());
                } catch (IOException e) {
                    warnings.add("plugin jar " + jar + " is not a readable jar (" + e.getMessage() + "), so it was skipped;"
                            + " replace or remove it");
                }
            }
        } catch (MalformedURLException e) {
            throw new MinigptException("cannot load plugins from " + folder + ": " + e.getMessage());
        } catch (IOException e) {
            throw new MinigptException("cannot list plugins folder " + folder + ": " + e.getMessage());
        }
        return new Loaded(jars.isEmpty() ? parent : new URLClassLoader(jars.toArray(URL[]::new), parent), warnings);
    }
}
