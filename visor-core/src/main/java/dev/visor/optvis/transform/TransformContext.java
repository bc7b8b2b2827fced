package dev.visor.optvis.transform;

import dev.visor.engine.RunRandom;

/**
 * What a transform may draw on: the run's random source and the step (for schedules such as
 * centre-biased crops whose spread shrinks over the run).
 *
 * @param random the run's random source
 * @param step   the current step, from 0
 * @param steps  the planned number of steps
 */
public record TransformContext(RunRandom random, int step, int steps) {}
