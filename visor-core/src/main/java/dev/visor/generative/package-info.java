/**
 * Learned image priors (REFERENCE §3): {@link dev.visor.generative.GeneratorTrainer} trains a generator G from a
 * classifier's dense code h = E(x) back to the image (image + feature + GAN loss, the paper's 10× pause rule), as an
 * ordinary Visor model with a vector input; {@code builtin:fashion-generator} is the one trained for
 * {@code builtin:fashion-cnn}.
 */
package dev.visor.generative;
