/** Core's own workings for {@code org.minigpt.core.chat}: public for core's other packages, not for front ends or plugins (see docs/architecture.md). */
package org.minigpt.core.internal.chat;
