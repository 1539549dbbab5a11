/** The {@code minigpt} command line: subcommands that assemble plugins from config. */
package org.minigpt.cli;
