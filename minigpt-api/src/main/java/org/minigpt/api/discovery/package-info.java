/** Finding the installed plugins of each kind, by name; kept apart from the kinds so that no package imports back. */
package org.minigpt.api.discovery;
