package dev.visor.demo;

import ai.djl.ndarray.NDManager;
import dev.visor.invert.InvertJob;
import dev.visor.invert.InvertSettings;
import dev.visor.invert.InvertWriter;
import dev.visor.model.Model;
import dev.visor.model.Node;
import dev.visor.optvis.Presets;
import dev.visor.optvis.RenderListener;
import dev.visor.optvis.RenderSettings;
import dev.visor.report.OutputDir;
import dev.visor.report.Report;
import dev.visor.report.Sidecar;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Network inversion in the demo: one image reconstructed from the features of a few layers from shallow to
 * deep (the rectifier outputs, at most {@value #MAX_RECTIFIERS} spread over the net, then the output), through
 * the same {@link InvertJob} and {@link InvertWriter} as {@code visor invert}, on a short budget.
 */
public final class InversionSection implements DemoSection {
    private static final int MAX_RECTIFIERS = 3;
    /** Steps per layer: the preset's schedule cut before its first rate drop, enough to show the trend with depth (the whole demo must stay under 10 minutes on 2 busy cores). */
    private static final int STEPS = 60;
    /** Steps per layer for larger inputs (e.g. 224 px), where a step costs tens of times more: a preview, not a converged inversion. */
    private static final int LARGE_INPUT_STEPS = 40;
    /**
     * The pixel rate for small (at most 64 px) inputs. Measured on builtin:fashion-cnn (28 px, one channel), 200 steps:
     * the preset's 4 (tuned on darknet-tiny at 48 px) diverges at every layer, 1 overshoots at relu2, 0.05 and 0.2
     * both reach relative error 0.31 at relu1 (correlation with the image 0.84). On the demo's first test image at rate 0.2,
     * 60 and 100 steps end at the same errors (relu1 0.642 / 0.641, logits 0.128 / 0.114).
     */
    private static final double SMALL_INPUT_RATE = 0.2;

    @Override
    public Report.Section run(DemoContext ctx) {
        Model model = ctx.model();
        try (NDManager m = model.manager().newSubManager()) {
            DemoImage img = DemoImage.of(ctx, m);
            if (img == null) {
                return null;
            }
            boolean small = Math.max(model.inputSpec().height(), model.inputSpec().width()) <= 64;
            int steps = small ? STEPS : LARGE_INPUT_STEPS;
            RenderSettings recipe = Presets.invert().with("steps", steps);
            if (small) {
                recipe = recipe.with("learningRate", SMALL_INPUT_RATE);
            }
            long seed = dev.visor.engine.RunRandom.derive(ctx.settings().seed(), "inversion");
            InvertSettings s = InvertSettings.builder().layers(depths(model)).recipe(recipe).seed(seed).build();
            Path dir = OutputDir.prepare(ctx.out().resolve("inversion"));
            InvertJob.Result r = InvertJob.run(model, img.tensor(), s, new RenderListener() {});
            Path strip = InvertWriter.write(model, img.name(), r, dir);
            Report.SectionBuilder b = new Report.SectionBuilder("Inversion")
                    .text("What each layer keeps of " + img.name() + ": from left to right the image, then an image optimised from"
                            + " noise to give the same features at each layer, shallow to deep (Mahendran and Vedaldi 2015: relative"
                            + " feature error with α-norm and TV priors, preset 'invert' at rate " + recipe.learningRate() + ", " + steps + " steps per layer, seed " + seed
                            + "). Deeper layers keep less of the image, so their reconstructions drift from it while still matching"
                            + " the features. The sidecar has every setting.")
                    .header("layer", "relative feature error (start → end)", "correlation with the image", "λ_TV", "seconds");
            for (InvertJob.Layer l : r.layers()) {
                b.row(l.layer(), String.format("%.3f → %.3f", l.startError(), l.relativeError()), String.format("%.3f", l.correlation()),
                        l.tvWeight(), String.format("%.1f", l.seconds()));
            }
            String rel = ctx.out().relativize(strip).toString().replace('\\', '/');
            b.figure(rel, String.join(", ", s.layers()), ctx.out().relativize(Sidecar.pathFor(strip)).toString().replace('\\', '/'), 600);
            return b.build();
        }
    }

    /** The layers inverted: rectifier outputs spread from first to last (at most {@value #MAX_RECTIFIERS}), then the output. */
    static List<String> depths(Model model) {
        List<String> rect = new ArrayList<>();
        for (String l : model.layerNames()) {
            Node n = model.producerOf(l);
            if (n != null && (n.opType().equals("Relu") || n.opType().equals("LeakyRelu"))) {
                rect.add(l);
            }
        }
        List<String> out = new ArrayList<>();
        int k = Math.min(MAX_RECTIFIERS, rect.size());
        for (int i = 0; i < k; i++) {
            String l = rect.get(k == 1 ? 0 : Math.round(i * (rect.size() - 1) / (float) (k - 1)));
            if (!out.contains(l)) {
                out.add(l);
            }
        }
        List<String> names = model.layerNames();
        out.add(names.get(names.size() - 1));
        return out;
    }
}
