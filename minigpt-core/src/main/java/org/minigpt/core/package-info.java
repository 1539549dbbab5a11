/**
 * minigpt's core, for front ends and embedding programs; its facade is listed in docs/architecture.md and
 * {@code org.minigpt.core.internal} is its own. {@link org.minigpt.core.Parts} looks up the plugins a config names;
 * {@link org.minigpt.core.TrainingPlan} plans a run (new, resumed, fine-tuned or instruction-tuned, assembled by
 * {@code RunAssembly} from a {@code RunSource}) and trains it; {@link org.minigpt.core.SavedRun} opens a trained
 * one; {@link org.minigpt.core.CorpusPreparation} prepares a corpus; {@link org.minigpt.core.TaskEvaluation} scores
 * a run on a task file; {@link org.minigpt.core.ModelSize}, {@link org.minigpt.core.CoreSettings} and
 * {@link org.minigpt.core.KnownKeys} answer questions about a config.
 * Problems a user can fix are {@link org.minigpt.api.MinigptException}s in core's own terms; those about runs,
 * checkpoints, data and corpora are typed ({@code RunProblem}, {@code CheckpointProblem}, {@code DataProblem},
 * {@code CorpusProblem}) so that a front end can word their remedies its way.
 */
package org.minigpt.core;
