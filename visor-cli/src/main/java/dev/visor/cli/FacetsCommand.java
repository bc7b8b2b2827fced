package dev.visor.cli;

import dev.visor.VisorException;
import dev.visor.data.Dataset;
import dev.visor.data.Datasets;
import dev.visor.data.Split;
import dev.visor.facets.FacetJob;
import dev.visor.facets.FacetListener;
import dev.visor.facets.FacetResult;
import dev.visor.facets.FacetSettings;
import dev.visor.facets.FacetWriter;
import dev.visor.model.Model;
import dev.visor.optvis.Presets;
import dev.visor.optvis.RenderResult;
import dev.visor.report.OutputDir;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code visor facets}: multifaceted feature visualisation of one unit (Nguyen, Yosinski &amp; Clune 2016). */
@Command(name = "facets", mixinStandardHelpOptions = true,
        description = {"Multifaceted feature visualisation: cluster a unit's top images (embedding, PCA, t-SNE, k-means)",
            "and render one image per cluster from the cluster's mean image. Writes facet_NN.png, facet_NN_images.png",
            "(the cluster's real images), facets.png, tsne.png and facets.json."})
public final class FacetsCommand implements Callable<Integer> {
    @Mixin
    ModelOptionsMixin modelOptions;

    @Mixin
    DownloadOptionsMixin downloadOptions;

    @Option(names = "--data", defaultValue = "fashion-mnist:train", paramLabel = "DATA",
            description = "images to take the top images from: fashion-mnist:train, fashion-mnist, an IDX folder, an image folder (default ${DEFAULT-VALUE})")
    String data;

    @Option(names = {"-o", "--objective"}, required = true, paramLabel = "LAYER:UNIT", description = "the unit, e.g. logits:1 or bn2:5")
    String objective;

    @Option(names = "--facets", defaultValue = "10", paramLabel = "K|auto", description = "number of facets, or auto (silhouette over 2..10); default ${DEFAULT-VALUE}")
    String facets;

    @Option(names = "--top", defaultValue = "2000", paramLabel = "N", description = "top images at most (also at most 1 %% of the data, see --top-fraction); default ${DEFAULT-VALUE}")
    int top;

    @Option(names = "--top-fraction", defaultValue = "0.01", paramLabel = "F", description = "top images at most this fraction of the data; default ${DEFAULT-VALUE}")
    double topFraction;

    @Option(names = "--embed-layer", defaultValue = "", paramLabel = "LAYER", description = "layer to embed the images with (default: the penultimate)")
    String embedLayer;

    @Option(names = "--preset", defaultValue = "mfv", paramLabel = "NAME", description = "render recipe: mfv (from the mean image) or mfv-noise; default ${DEFAULT-VALUE}")
    String preset;

    @Option(names = "--steps", paramLabel = "N", description = "render steps (all octaves)")
    Integer steps;

    @Option(names = "--set", paramLabel = "KEY=VALUE", split = ",", description = "override any render setting, e.g. --set octaves=2")
    Map<String, String> set = new LinkedHashMap<>();

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "random seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--quiet", description = "no progress")
    boolean quiet;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder")
    Path out;

    @Override
    public Integer call() {
        Map<String, Object> overrides = new LinkedHashMap<>(set);
        if (steps != null) {
            overrides.put("steps", steps);
        }
        FacetSettings s = FacetSettings.builder(objective).facets(parseFacets(facets)).top(top).topFraction(topFraction)
                .embedLayer(embedLayer).render(Presets.get(preset).with(overrides)).seed(seed).build();
        try (Model model = modelOptions.load()) {
            FacetJob.check(model, s);
            OutputDir.prepare(out);
            downloadOptions.apply();
            Dataset d = Datasets.open(data, Split.TRAIN);
            FacetResult r = FacetJob.run(model, d, s, listener());
            FacetWriter.Written w = FacetWriter.write(r, model, d, out);
            System.out.printf(Locale.ROOT, "%s on %s: %d facets of the top %d images (mean activation %.3g): sizes %s, activations",
                    objective, d.name(), r.facets().size(), r.top().size(), r.top().meanActivation(),
                    r.facets().stream().map(f -> f.size()).toList());
            r.facets().forEach(f -> System.out.printf(Locale.ROOT, " %.3g", f.activation()));
            System.out.printf("%nwrote %s, %s and %d facets to %s%n", w.scatter().getFileName(), w.json().getFileName(),
                    w.renders().size(), out);
        }
        return 0;
    }

    static int parseFacets(String v) {
        if (v.equalsIgnoreCase("auto")) {
            return 0;
        }
        try {
            int k = Integer.parseInt(v.trim());
            if (k >= 1) {
                return k;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new VisorException("--facets must be a number of facets (1 to 100) or auto, got '" + v + "'");
    }

    private FacetListener listener() {
        if (quiet) {
            return FacetListener.none();
        }
        return new FacetListener() {
            private ProgressListener bar;
            private final PassProgress pass = new PassProgress("facets top");

            @Override
            public void stage(String name) {
                System.err.println("facets: " + name);
            }

            @Override
            public void started(int batches, int done, int images) {
                pass.started(batches, done, images);
            }

            @Override
            public void batchDone(int done, int batches) {
                pass.batchDone(done, batches);
            }

            @Override
            public void started(int steps, int batch) {
                bar = new ProgressListener("render");
                bar.started(steps, batch);
            }

            @Override
            public void stepped(int step, float[] scores) {
                bar.stepped(step, scores);
            }

            @Override
            public void finished(RenderResult result) {
                bar.finished(result);
            }
        };
    }
}
