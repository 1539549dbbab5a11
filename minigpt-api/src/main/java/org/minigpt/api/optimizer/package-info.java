/** The optimizer SPI: update rules that turn gradients into parameter changes. */
package org.minigpt.api.optimizer;
