/** What a user watches while training runs: progress, metrics, the loss plot. */
package org.minigpt.cli.monitor;
