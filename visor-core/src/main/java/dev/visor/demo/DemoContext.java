package dev.visor.demo;

import dev.visor.engine.RunRandom;
import dev.visor.model.Model;
import java.nio.file.Path;

/**
 * What every demo section shares.
 *
 * @param settings the demo's settings
 * @param model    the loaded model
 * @param random   the run's seeded random source
 */
public record DemoContext(DemoSettings settings, Model model, RunRandom random) {
    /** The output folder. */
    public Path out() {
        return settings.out();
    }
}
