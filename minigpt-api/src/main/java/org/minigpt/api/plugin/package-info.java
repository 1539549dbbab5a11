/** What every plugin is: a named factory, discovered with {@link java.util.ServiceLoader}. */
package org.minigpt.api.plugin;
