/** An example sampler plugin, {@code no-repeat}: never picks a token used in the last few tokens. */
package org.minigpt.example.norepeat;
