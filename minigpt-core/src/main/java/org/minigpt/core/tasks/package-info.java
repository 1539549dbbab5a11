/** Synthetic instruction tasks with one right answer, made from a text: to learn to follow instructions and to measure it. */
package org.minigpt.core.tasks;
