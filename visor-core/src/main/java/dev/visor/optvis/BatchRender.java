package dev.visor.optvis;

import ai.djl.ndarray.NDManager;
import dev.visor.engine.RunRandom;
import dev.visor.model.Model;
import dev.visor.optvis.objective.Objective;
import dev.visor.optvis.param.Parameterization;
import java.util.List;

/**
 * Renders several unit objectives in one optimisation, one batch item each (what {@code visor
 * render} and {@code visor render-layer} run): the settings' parameterisation, transforms, step
 * rule and operations, the settings' penalty and diversity terms added to the objective, and each
 * item's own unit measured at start and end.
 */
public final class BatchRender {
    private BatchRender() {}

    /**
     * @param model     the model
     * @param units     one objective per batch item (already validated or validated here)
     * @param settings  the recipe
     * @param seed      the run's seed (initial image and transforms)
     * @param listeners progress listeners
     * @param out       manager for the result's arrays
     */
    public static RenderResult render(Model model, List<Objective> units, RenderSettings settings, long seed,
                                      List<RenderListener> listeners, NDManager out) {
        RunRandom random = new RunRandom(seed);
        Objective unit = Objective.perItem(units);
        try (Parameterization p = RenderPlan.parameterization(settings, model, units.size(), random.split(), out)) {
            Renderer r = RenderPlan.renderer(settings, model, unit, p);
            listeners.forEach(r::listener);
            return r.run(random.split(), out);
        }
    }
}
