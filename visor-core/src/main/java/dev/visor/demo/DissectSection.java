package dev.visor.demo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.visor.dissect.DissectJob;
import dev.visor.dissect.DissectResult;
import dev.visor.dissect.DissectSettings;
import dev.visor.dissect.DissectWriter;
import dev.visor.dissect.ProbeSet;
import dev.visor.dissect.SynthProbeSet;
import dev.visor.dissect.SynthSettings;
import dev.visor.engine.RunRandom;
import dev.visor.model.Activations;
import dev.visor.model.Model;
import dev.visor.model.Node;
import dev.visor.report.Report;
import dev.visor.stats.PassListener;
import dev.visor.top.TopWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Network dissection (Bau et al. 2017) of the model's last two convolutional activation layers on a small synthetic
 * probe set ({@link #IMAGES} images of {@link #SIZE} px): per layer the detectors and unique concepts, and links to
 * the layers' pages. The paper's 0.005 quantile; a few seconds.
 */
public final class DissectSection implements DemoSection {
    /** Images of the probe set. */
    public static final int IMAGES = 200;
    /** Their side in pixels. */
    public static final int SIZE = 32;
    private static final Set<String> ACTIVATIONS = Set.of("Relu", "LeakyRelu", "Elu", "Selu", "Sigmoid", "Tanh", "Clip", "HardSwish");

    @Override
    public Report.Section run(DemoContext ctx) {
        Model m = ctx.model();
        List<String> layers = lastSpatialActivations(m, 2);
        if (layers.isEmpty()) {
            return null;
        }
        Path dir = ctx.out().resolve("dissect");
        long seed = RunRandom.derive(ctx.settings().seed(), "dissect");
        ProbeSet probe = ProbeSet.open(SynthProbeSet.write(SynthSettings.defaults().withImages(IMAGES).withSize(SIZE).withSeed(seed),
                dir.resolve("probe")));
        DissectSettings s = DissectSettings.defaults().withLayers(layers).withTopImages(1);
        DissectResult r = DissectJob.run(m, probe, s, PassListener.NONE, null);
        DissectWriter.write(r, probe, m, dir);
        Report.SectionBuilder b = new Report.SectionBuilder("Network dissection")
                .text("Units labelled with the synthetic concept (colour, object, part, texture) their top-" + s.quantile()
                        + " activation masks overlap best, on " + IMAGES + " synthetic images of " + SIZE + " px (`visor probe-set synth`,"
                        + " seed " + seed + "); a detector has IoU > " + s.iou() + ". `visor dissect` runs it on any Broden-format set.")
                .header("layer", "units", "detectors", "unique concepts", "by category", "page");
        for (String layer : layers) {
            DissectResult.LayerSummary sum = r.summary(layer);
            String page = "dissect/" + TopWriter.folderName(layer) + "/index.html";
            b.row(layer, sum.units(), sum.detectors(), sum.unique(), sum.uniqueByCategory(), page);
            DissectResult.UnitLabel best = r.ranked(layer).get(0);
            b.figure("dissect/" + TopWriter.folderName(layer) + String.format("/unit_%04d.png", best.unit()), layer + " unit " + best.unit()
                    + ": " + (best.label() == null ? "-" : best.label().concept() + String.format(" (IoU %.2f)", best.label().iou()))
                    + "; all units of " + layer, page);
        }
        b.figure("dissect/unique-detectors.png", "unique detectors per category", "dissect/" + TopWriter.folderName(layers.get(0))
                + "/index.html");
        return b.build();
    }

    /** The last {@code n} activation layers whose output is a feature map (N, C, H, W), in order. */
    static List<String> lastSpatialActivations(Model m, int n) {
        List<String> candidates = m.nodes().stream().filter(x -> ACTIVATIONS.contains(x.opType())).map(Node::name)
                .filter(m::hasLayer).toList();
        List<String> spatial = new ArrayList<>();
        try (NDManager step = m.manager().newSubManager()) {
            NDArray x = step.zeros(m.inputSpec().batchShape(1));
            Activations a = m.forward(x, candidates.toArray(String[]::new));
            for (String c : candidates) {
                if (a.get(c).getShape().dimension() == 4) {
                    spatial.add(c);
                }
            }
        }
        return spatial.subList(Math.max(0, spatial.size() - n), spatial.size());
    }
}
