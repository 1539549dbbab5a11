/** The {@code min-p} sampler: keeps tokens at least min_p times as likely as the most likely one. */
package org.minigpt.samplers.minp;
