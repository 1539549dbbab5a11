/** The {@code logit-bias} sampler: fixed biases on tokens or texts, to favour or ban them. */
package org.minigpt.samplers.logitbias;
