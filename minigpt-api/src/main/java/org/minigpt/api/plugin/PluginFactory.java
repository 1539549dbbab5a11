package org.minigpt.api.plugin;

import java.util.List;
import org.minigpt.api.config.Setting;

/**
 * What every plugin provider has: the name config uses to pick it.
 *
 * <p>Providers are found by {@link java.util.ServiceLoader}, which instantiates every one of them to
 * read its name: keep the constructor cheap (public, no arguments) and do real work in {@code create}.
 */
public interface PluginFactory {
    /** The name config uses, e.g. {@code "top-k"}: lowercase, unique within its kind, never {@code null}. */
    String name();

    /** One line for {@code minigpt plugins}. */
    default String description() {
        return "";
    }

    /**
     * Every setting it reads under its section, for {@code minigpt settings}, the docs and the check of unknown keys
     * before work starts; empty when it reads none (or does not describe them: its keys are then checked once read).
     */
    default List<Setting<?>> settings() {
        return List.of();
    }
}
