package org.minigpt.api.discovery;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.minigpt.api.MinigptException;
import org.minigpt.api.config.ConfigException;
import org.minigpt.api.plugin.PluginFactory;

/**
 * The providers of one plugin kind, discovered with {@link ServiceLoader} and indexed by name.
 *
 * <p>A provider that fails to load is recorded in {@link #problems()} and the others still load;
 * two providers with one name are an error that names both classes.
 */
public final class PluginRegistry<F extends PluginFactory> {
    private final String kind;
    private final Map<String, F> byName;
    private final List<String> problems;

    private PluginRegistry(String kind, Map<String, F> byName, List<String> problems) {
        this.kind = kind;
        this.byName = Collections.unmodifiableMap(byName);
        this.problems = List.copyOf(problems);
    }

    public static <F extends PluginFactory> PluginRegistry<F> discover(String kind, Class<F> type, ClassLoader loader) {
        Map<String, F> byName = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        Iterator<F> providers = ServiceLoader.load(type, loader).iterator();
        while (true) {
            F provider;
            try {
                if (!providers.hasNext()) {
                    break;
                }
                provider = providers.next();
            } catch (ServiceConfigurationError e) {
                problems.add(kind + " provider failed to load: " + e.getMessage() + jarOf(e, loader));
                continue;
            }
            F previous = byName.putIfAbsent(provider.name(), provider);
            if (previous != null && previous.getClass() != provider.getClass()) {
                throw new MinigptException("two " + kind + " plugins are named '" + provider.name() + "': "
                        + previous.getClass().getName() + " (" + jar(previous.getClass()) + ") and "
                        + provider.getClass().getName() + " (" + jar(provider.getClass()) + "); remove one of their jars");
            }
        }
        return new PluginRegistry<>(kind, byName, problems);
    }

    /** Where a class was loaded from: its jar or folder. */
    static String jar(Class<?> type) {
        var source = type.getProtectionDomain().getCodeSource();
        return source == null || source.getLocation() == null ? "built in" : source.getLocation().getPath();
    }

    /** " (in JAR)" for the provider class a loading error names, when its class file can be found. */
    private static String jarOf(ServiceConfigurationError error, ClassLoader loader) {
        java.util.regex.Matcher provider = java.util.regex.Pattern.compile("Provider ([\\w.$]+)").matcher(String.valueOf(error.getMessage()));
        if (!provider.find()) {
            return "";
        }
        java.net.URL file = loader.getResource(provider.group(1).replace('.', '/') + ".class");
        if (file == null) {
            return "";
        }
        String path = file.getPath();
        int bang = path.indexOf("!/");
        return " (in " + (bang >= 0 ? path.substring(0, bang).replaceFirst("^file:", "") : path) + ")";
    }

    /** Builds a registry from given providers, e.g. in tests. */
    @SafeVarargs
    public static <F extends PluginFactory> PluginRegistry<F> of(String kind, F... providers) {
        Map<String, F> byName = new TreeMap<>();
        for (F provider : providers) {
            byName.put(provider.name(), provider);
        }
        return new PluginRegistry<>(kind, byName, List.of());
    }

    /** The kind, e.g. {@code sampler}: also the config key that names the plugin. */
    public String kind() {
        return kind;
    }

    /** The provider called {@code name}; an unknown name fails with a line listing the known ones. */
    public F get(String name) {
        F provider = byName.get(name);
        if (provider == null) {
            throw new ConfigException("unknown " + kind + " '" + name + "' (key " + kind + "): known " + kind
                    + "s are " + String.join(", ", byName.keySet()));
        }
        return provider;
    }

    /** The names, sorted. */
    public Collection<String> names() {
        return byName.keySet();
    }

    /** The providers, sorted by name. */
    public Collection<F> all() {
        return byName.values();
    }

    /** Providers that could not be loaded, one line each. */
    public List<String> problems() {
        return problems;
    }
}
