/** Config value syntaxes the samplers share. */
package org.minigpt.samplers.settings;
