/**
 * {@code minigpt studio}: a page on 127.0.0.1 with the tutorial's three widgets on the user's own model:
 * sliders that size a model (counted by the same code as {@code minigpt params}), a training run
 * with a live loss chart and samples, and side-by-side generation at two temperatures.
 */
package org.minigpt.studio;
