/** Finding plugins: every provider is a named factory discovered with {@link java.util.ServiceLoader}. */
package org.minigpt.api.plugin;
