package dev.visor.demo;

import dev.visor.data.Dataset;
import dev.visor.data.Datasets;
import dev.visor.data.Split;
import dev.visor.engine.RunRandom;
import dev.visor.facets.FacetJob;
import dev.visor.facets.FacetListener;
import dev.visor.facets.FacetPage;
import dev.visor.facets.FacetResult;
import dev.visor.facets.FacetSettings;
import dev.visor.facets.FacetWriter;
import dev.visor.facets.TopImages;
import dev.visor.optvis.objective.Objective;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import dev.visor.model.Classifier;
import dev.visor.model.Model;
import dev.visor.optvis.objective.ModelShapes;
import dev.visor.report.Report;
import java.nio.file.Path;

/**
 * Multifaceted feature visualisation (Nguyen et al. 2016) of every class logit, through the same {@link FacetJob}
 * and {@link FacetWriter} as {@code visor facets}, on a demo budget: the top {@value #TOP} test images of each
 * class, {@value #FACETS} facets, the {@code mfv} preset as it is. Each class gets its own page ({@link FacetPage}:
 * the facet renders, each cluster's real images, the t-SNE scatter, the numbers), linked from the main report.
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
        String text = ("Multifaceted feature visualisation of each class: its top " + TOP + " images of " + data.name()
                        + ", clustered (PCA, t-SNE, k-means++) into " + FACETS + " facets, each rendered from the mean of the"
                        + " images nearest its centre with the 'mfv' preset (centre-biased, TV-denoised). Click a class for its page:"
                        + " the facet renders, the real images of each facet's cluster, the t-SNE scatter and the numbers."
                        + " `visor facets` runs any unit with any budget.");
        Report.SectionBuilder b = new Report.SectionBuilder("Facets").header("class", "page", "cluster sizes", "facet activations", "top-" + TOP + " mean activation", "seconds");
        List<FacetSettings> settings = new ArrayList<>();
        List<Objective> units = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            FacetSettings s = FacetSettings.builder(output + ":" + c).facets(FACETS).top(TOP)
                    .seed(RunRandom.derive(ctx.settings().seed(), "facets-" + c)).build();
            FacetJob.check(model, s);
            settings.add(s);
            units.add(FacetJob.unit(model, s));
        }
        // One streaming pass ranks the images for every class at once.
        long t0 = System.nanoTime();
        List<TopImages> tops = TopImages.ofEach(model, data, units, settings.get(0).topFor(data.size()), FacetListener.none());
        double topSeconds = (System.nanoTime() - t0) / 1e9;
        for (int c = 0; c < classes; c++) {
            FacetSettings s = settings.get(c);
            FacetResult r = FacetJob.run(model, data, s, tops.get(c), FacetListener.none());
            Path dir = ctx.out().resolve("facets/class_" + c);
            FacetWriter.Written w = FacetWriter.write(r, model, data, dir);
            String name = classifier.label(c);
            Path page = FacetPage.write(r, w, "Facets of " + name + " (" + s.objective() + ")", dir.relativize(ctx.out()) + "/index.html");
            String link = ctx.out().relativize(page).toString();
            b.figure(ctx.out().relativize(w.grid()).toString(), name + ": " + FACETS + " facets (page)", link);
            double secs = r.seconds().entrySet().stream().filter(e -> !e.getKey().equals("top")).mapToDouble(Map.Entry::getValue).sum();
            b.row(name, link, r.facets().stream().map(f -> f.size()).toList(),
                    r.facets().stream().map(f -> String.format("%.2f", f.activation())).toList(),
                    String.format("%.2f", r.top().meanActivation()), String.format("%.1f", secs));
        }
        b.text(text + String.format(" The top images of all %d classes came from one pass over the data (%.1f s); the"
                + " seconds column is the rest of each class's run.", classes, topSeconds));
        return b.build();
    }
}
