/** Learning from rewards ({@code train.objective=rl}): sampled answers, their rewards, and policy-gradient steps. */
package org.minigpt.core.internal.rl;
