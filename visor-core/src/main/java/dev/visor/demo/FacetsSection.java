package dev.visor.demo;

import dev.visor.data.Dataset;
import dev.visor.data.Datasets;
import dev.visor.data.Split;
import dev.visor.engine.RunRandom;
import dev.visor.facets.FacetJob;
import dev.visor.facets.FacetListener;
import dev.visor.facets.FacetResult;
import dev.visor.facets.FacetSettings;
import dev.visor.facets.FacetWriter;
import dev.visor.model.Classifier;
import dev.visor.model.Model;
import dev.visor.optvis.objective.ModelShapes;
import dev.visor.report.Report;
import java.nio.file.Path;

/**
 * Multifaceted feature visualisation (Nguyen et al. 2016) of every class logit, through the same {@link FacetJob}
 * and {@link FacetWriter} as {@code visor facets}, on a demo budget: the top {@value #TOP} test images of each
 * class, {@value #FACETS} facets, the {@code mfv} preset as it is. Each class's t-SNE plot links to its folder.
 */
public final class FacetsSection implements DemoSection {
    /** Top images per class (1 % of the 10 000 test images, the paper's fraction). */
    static final int TOP = 100;
    /** Facets per class. */
    static final int FACETS = 3;
    private static final int MAX_CLASSES = 10;

    @Override
    public Report.Section run(DemoContext ctx) {
        if (ctx.settings().data() == null) {
            return null;
        }
        Model model = ctx.model();
        ModelShapes shapes = new ModelShapes(model);
        String output = shapes.outputLayer();
        int classes = (int) Math.min(MAX_CLASSES, shapes.units(output));
        Dataset data = Datasets.open(ctx.settings().data(), Split.TEST);
        Classifier classifier = new Classifier(model);
        Report.SectionBuilder b = new Report.SectionBuilder("Facets")
                .text("Multifaceted feature visualisation of each class: its top " + TOP + " images of " + data.name()
                        + ", clustered (PCA, t-SNE, k-means++) into " + FACETS + " facets, each rendered from the mean of the"
                        + " images nearest its centre with the 'mfv' preset (centre-biased, TV-denoised). Under each class:"
                        + " the facet renders; the link opens its t-SNE plot. `visor facets` runs any unit with any budget.");
        for (int c = 0; c < classes; c++) {
            FacetSettings s = FacetSettings.builder(output + ":" + c).facets(FACETS).top(TOP)
                    .seed(RunRandom.derive(ctx.settings().seed(), "facets-" + c)).build();
            FacetJob.check(model, s);
            FacetResult r = FacetJob.run(model, data, s, new FacetListener() {});
            Path dir = ctx.out().resolve("facets/class_" + c);
            FacetWriter.Written w = FacetWriter.write(r, model, data, dir);
            b.figure(ctx.out().relativize(w.grid()).toString(), classifier.label(c) + ": " + FACETS + " facets",
                    ctx.out().relativize(w.scatter()).toString());
        }
        return b.build();
    }
}
