/** Core's own workings for {@code org.minigpt.core.run}: public for core's other packages, not for front ends or plugins (see docs/architecture.md). */
package org.minigpt.core.internal.run;
