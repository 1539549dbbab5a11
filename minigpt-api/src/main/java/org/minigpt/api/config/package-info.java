/** Configuration: flat {@code key=value} settings, the section each plugin reads, and their checks. */
package org.minigpt.api.config;
