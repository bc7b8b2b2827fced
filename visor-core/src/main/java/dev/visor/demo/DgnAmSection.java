package dev.visor.demo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.visor.builtin.BuiltinModels;
import dev.visor.data.Datasets;
import dev.visor.data.Images;
import dev.visor.data.Split;
import dev.visor.dgnam.DgnAmJob;
import dev.visor.dgnam.DgnAmResult;
import dev.visor.dgnam.DgnAmSettings;
import dev.visor.dgnam.DgnAmWriter;
import dev.visor.engine.RunRandom;
import dev.visor.generative.LatentGenerator;
import dev.visor.generative.RealismScore;
import dev.visor.io.ModelLoader;
import dev.visor.model.Classifier;
import dev.visor.model.Model;
import dev.visor.report.OutputDir;
import dev.visor.report.Report;
import dev.visor.report.Sidecar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * DGN-AM in the demo: one render per class through {@code builtin:fashion-generator} (the paper's 200 steps), beside
 * the pixel-space class renders of {@link RenderSection}, with the realism score of both sets (Fréchet distance to
 * as many real test images in the judge's penultimate features, same real draw) and the judge's top-1 rate. Only
 * for the generator's own classifier, {@code builtin:fashion-cnn}, with data.
 */
public final class DgnAmSection implements DemoSection {
    static final String GENERATOR = "builtin:fashion-generator";
    static final String CLASSIFIER = "builtin:fashion-cnn";
    private static final int CLASSES = 10;

    @Override
    public Report.Section run(DemoContext ctx) {
        Model model = ctx.model();
        if (ctx.settings().data() == null || !BuiltinModels.NAMES.contains("fashion-generator") || !model.source().equals(CLASSIFIER)) {
            return null;
        }
        Path dir = OutputDir.prepare(ctx.out().resolve("dgn-am"));
        List<String> objectives = new ArrayList<>();
        for (int c = 0; c < CLASSES; c++) {
            objectives.add("logit(" + c + ")");
        }
        long seed = RunRandom.derive(ctx.settings().seed(), "dgn-am");
        DgnAmSettings s = DgnAmSettings.builder().objectives(objectives).codeLayer(dev.visor.generative.GeneratorRecord.codeLayer(GENERATOR)).data(ctx.settings().data())
                .judge("").seed(seed).out(dir).build();
        try (Model g = ModelLoader.load(GENERATOR); LatentGenerator lg = new LatentGenerator(g, "", Map.of(), 0, 1, model.inputSpec());
             Model judge = ModelLoader.load(RealismScore.DEFAULT_JUDGE); NDManager m = model.manager().newSubManager()) {
            DgnAmResult r = DgnAmJob.run(model, lg, s, null);
            DgnAmWriter.Files files = DgnAmWriter.write(r, s, model.source(), dir);
            var spec = model.inputSpec();
            NDArray dgn = stack(m, r.images().stream().map(i -> Images.toTensor(m, i, spec.channels(), spec.height(), spec.width())).toList());
            List<Path> pixelPngs = pixelRenders(ctx);
            RealismScore score = RealismScore.onData(judge, "", Datasets.open(ctx.settings().data(), Split.TEST), 1000);
            Classifier jc = new Classifier(judge);
            Report.SectionBuilder b = new Report.SectionBuilder("DGN-AM: class renders through a learned prior")
                    .text("Each class logit of " + CLASSIFIER + " maximised through the generator " + GENERATOR + " (Nguyen et al. 2016:"
                            + " the code h = relu_fc1 is optimised, h += lr·g/mean|g| with lr 8 → 0 over " + s.steps() + " steps, h ← 0.99·h,"
                            + " h clipped to [0, 3·max observed]). Realism: the Fréchet distance of each set of " + CLASSES
                            + " renders to as many real test images in the penultimate features of the judge " + RealismScore.DEFAULT_JUDGE
                            + " (lower is more realistic, ± its bootstrap spread); judge top-1: how many renders the judge, which never"
                            + " saw generated images, puts in their class.")
                    .header("renders", "realism (FD to real test images)", "judge top-1 their class");
            RealismScore.Score dgnScore = score.score(dgn, seed, RealismScore.DEFAULT_RESAMPLES);
            b.row("DGN-AM (" + GENERATOR + ")", fmt(dgnScore), hits(jc, dgn) + "/" + CLASSES);
            if (pixelPngs.size() == CLASSES) {
                NDArray pixel = stack(m, pixelPngs.stream().map(p -> Images.toTensor(m, Images.read(p), spec.channels(), spec.height(),
                        spec.width())).toList());
                b.row("pixel-space AM (the renders above)", fmt(score.score(pixel, seed, RealismScore.DEFAULT_RESAMPLES)),
                        hits(jc, pixel) + "/" + CLASSES);
            }
            for (DgnAmResult.Item it : r.items()) {
                Path png = files.images().get(it.index());
                b.figure(ctx.out().relativize(png).toString(), model.labels().get(it.target()) + " → "
                        + String.format(Locale.ROOT, "%s %.2f", it.top1Label(), it.top1Prob()), ctx.out().relativize(Sidecar.pathFor(png)).toString());
            }
            return b.build();
        }
    }

    private static String fmt(RealismScore.Score s) {
        return String.format(Locale.ROOT, "%.1f ± %.1f", s.distance(), s.spread());
    }

    /** How many images (item c = class c) the classifier puts in their class. */
    private static int hits(Classifier c, NDArray images) {
        float[] p = c.probabilities(images).toFloatArray();
        int n = (int) images.getShape().get(0);
        int k = p.length / n;
        int hits = 0;
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int j = 1; j < k; j++) {
                best = p[i * k + j] > p[i * k + best] ? j : best;
            }
            hits += best == i ? 1 : 0;
        }
        return hits;
    }

    private static NDArray stack(NDManager m, List<NDArray> list) {
        return NDArrays.concat(new NDList(list), 0);
    }

    /** The class renders RenderSection wrote ({@code renders/classes/NN_logit_C.png}), in class order. */
    private static List<Path> pixelRenders(DemoContext ctx) {
        Path dir = ctx.out().resolve("renders/classes");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().matches("\\d\\d_logit_\\d+\\.png")).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
