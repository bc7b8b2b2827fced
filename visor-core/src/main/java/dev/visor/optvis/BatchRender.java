package dev.visor.optvis;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.visor.engine.RunRandom;
import dev.visor.model.Model;
import dev.visor.optvis.objective.Objective;
import dev.visor.optvis.param.Parameterization;
import dev.visor.optvis.transform.Warp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders several unit objectives in one optimisation, one batch item each (what {@code visor
 * render}, {@code visor render-layer} and {@code visor facets} run): the settings' parameterisation,
 * transforms, step rule and operations, the settings' penalty and diversity terms added to the
 * objective, and each item's own unit measured at start and end.
 *
 * <p>Octaves (multifaceted FV, Nguyen et al. 2016): with {@code octaves} = n &gt; 1 the one
 * {@link Renderer} loop runs n times, coarse to fine: octave o on a canvas of side
 * round(size / octaveScale^(n−1−o)), so the last is at the full size; each is set from the previous
 * octave's image (bilinear upscale, {@link Parameterization#initFrom}) and gets its share of the steps;
 * the renderer fits each canvas to the model's input. Each run's learning-rate schedule spans its own
 * octave, the centre-bias schedule the whole render ({@link RenderPlan.Span}). (The paper's canvas
 * grows past the network's 227 px field instead, which zooms the network into the canvas's centre; for
 * small inputs whose objects fill the frame that loses the object, so Visor ends at the input size.)
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
        return render(model, units, settings, seed, null, listeners, out);
    }

    /**
     * The same, starting from {@code init} (NCHW in [0, 1], one image for all items or one per item, any
     * size: it is resized to the canvas), e.g. multifaceted FV's mean images; {@code null}: the
     * parameterisation's own start (noise).
     */
    public static RenderResult render(Model model, List<Objective> units, RenderSettings settings, long seed, NDArray init,
                                      List<RenderListener> listeners, NDManager out) {
        RunRandom random = new RunRandom(seed);
        Objective unit = Objective.perItem(units);
        RunRandom paramRandom = random.split();
        RunRandom loopRandom = random.split();
        int base = RenderPlan.size(settings, model);
        int octaves = settings.octaves();
        NDArray current = init;
        RenderResult first = null;
        RenderResult last = null;
        Map<Integer, NDArray> snapshots = new LinkedHashMap<>();
        int steps = 0;
        double seconds = 0;
        for (int o = 0; o < octaves; o++) {
            int side = Math.max(4, (int) Math.round(base / Math.pow(settings.octaveScale(), octaves - 1 - o)));
            RenderSettings octave = octaves == 1 ? settings : settings.toBuilder().size(side).build();
            RenderPlan.Span span = RenderPlan.Span.octave(o, octaves, settings.steps());
            try (Parameterization p = RenderPlan.parameterization(octave, model, units.size(), paramRandom, out)) {
                if (current != null) {
                    try (NDManager sm = out.newSubManager()) {
                        NDArray c = current.duplicate();
                        c.attach(sm);
                        long h = c.getShape().get(2);
                        p.initFrom(h == side && c.getShape().get(3) == side ? c : Warp.resize(c, side, side));
                    }
                    if (current != init) {
                        current.close();
                    }
                }
                Renderer r = RenderPlan.renderer(octave, model, unit, p, span);
                listeners.forEach(r::listener);
                last = r.run(loopRandom, out);
            }
            if (first == null) {
                first = last;
            }
            for (Map.Entry<Integer, NDArray> e : last.snapshots().entrySet()) {
                snapshots.put(span.first() + e.getKey(), e.getValue());
            }
            steps += last.steps();
            seconds += last.seconds();
            current = last.image();
        }
        if (octaves == 1) {
            return last;
        }
        return new RenderResult(last.image(), first.measureStart(), last.measureEnd(), last.finalScores(), steps, snapshots,
                seconds);
    }
}
