package dev.visor.optvis;

import dev.visor.VisorException;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code visor render} runs: several objectives rendered together, one batch item each (or
 * {@code copies} items each, for diversity), in one optimisation. Make it with {@link #of} and the withers.
 *
 * @param objectives objective texts as users write them (see {@link dev.visor.optvis.objective.ObjectiveParser})
 * @param copies     images per objective (default 1; Olah 2017 uses 4 with diversity 100)
 * @param recipe     the render recipe (default {@link Presets#fourier()})
 * @param seed       the run's seed (default 0): initial images and transforms
 * @param out        output folder
 */
public record RenderJobSettings(List<String> objectives, int copies, RenderSettings recipe, long seed, Path out) {
    /** Default images per objective. */
    public static final int DEFAULT_COPIES = 1;

    /** Checks the values. */
    public RenderJobSettings {
        objectives = List.copyOf(objectives);
        if (objectives.isEmpty()) {
            throw new VisorException("give at least one objective");
        }
        if (copies < 1 || copies > 256) {
            throw new VisorException("--batch (images per objective) must be 1 to 256, got " + copies);
        }
    }

    /** The objectives with every default. */
    public static RenderJobSettings of(List<String> objectives, Path out) {
        return new RenderJobSettings(objectives, DEFAULT_COPIES, Presets.fourier(), 0, out);
    }

    /** With another number of images per objective. */
    public RenderJobSettings withCopies(int k) {
        return new RenderJobSettings(objectives, k, recipe, seed, out);
    }

    /** With another recipe. */
    public RenderJobSettings withRecipe(RenderSettings r) {
        return new RenderJobSettings(objectives, copies, r, seed, out);
    }

    /** With another seed. */
    public RenderJobSettings withSeed(long s) {
        return new RenderJobSettings(objectives, copies, recipe, s, out);
    }
}
