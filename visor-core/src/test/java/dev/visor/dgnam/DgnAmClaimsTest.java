package dev.visor.dgnam;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.visor.data.Datasets;
import dev.visor.data.Split;
import dev.visor.engine.RunRandom;
import dev.visor.generative.LatentGenerator;
import dev.visor.generative.RealismScore;
import dev.visor.io.ModelLoader;
import dev.visor.model.Classifier;
import dev.visor.model.Model;
import dev.visor.optvis.BatchRender;
import dev.visor.optvis.Presets;
import dev.visor.optvis.RenderResult;
import dev.visor.optvis.RenderSettings;
import dev.visor.optvis.objective.ModelShapes;
import dev.visor.optvis.objective.Objective;
import dev.visor.optvis.objective.ObjectiveParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, must-show 2 and 3 on the shipped prior: DGN-AM class renders through {@code builtin:fashion-generator}
 * (10 classes × 5 start codes, the paper's 200 steps) are top-1 their class under {@code builtin:fashion-cnn} in
 * ≥ 90 % and under the judge {@code builtin:fashion-cnn-b} (never trained on generated images) in ≥ 70 %; the
 * pixel-space AM renders of the same classes (the demo's preset {@code small}, 5 seeds) get their judge rate
 * reported beside; the Fréchet distance of the DGN-AM renders to real test images (judge's penultimate
 * features, equal set sizes, same real draw) is lower than the pixel renders', overall and reported per class.
 * The 50-render comparison is in the slow profile (about 2 CPU-minutes); the fast variant renders one per class.
 */
class DgnAmClaimsTest {
    static final int CLASSES = 10;
    static final int SEEDS = 5;
    /** The generator (VISOR_TEST_GENERATOR runs the claims on another, e.g. a checkpoint). */
    static final String GENERATOR = System.getenv().getOrDefault("VISOR_TEST_GENERATOR", "builtin:fashion-generator");

    /** The fast variant: one DGN-AM render per class (batch 10, 200 steps), hit rates only. */
    @Test
    void oneDgnAmRenderPerClassIsTopOneUnderTheModelAndTheJudge() {
        try (Model cnn = ModelLoader.load("builtin:fashion-cnn"); Model judge = ModelLoader.load(RealismScore.DEFAULT_JUDGE);
             Model g = ModelLoader.load(GENERATOR);
             LatentGenerator lg = new LatentGenerator(g, "", Map.of(), 0, 1, cnn.inputSpec())) {
            List<String> objectives = new ArrayList<>();
            for (int c = 0; c < CLASSES; c++) {
                objectives.add("logit(" + c + ")");
            }
            DgnAmSettings s = DgnAmSettings.builder().objectives(objectives).codeLayer("relu_fc1").judge(RealismScore.DEFAULT_JUDGE)
                    .seed(2).build();
            DgnAmResult r = DgnAmJob.run(cnn, lg, s, null);
            System.out.printf(Locale.ROOT, "fast variant: top-1 %.0f %% under fashion-cnn, %.0f %% under the judge; %s%n",
                    100 * r.hitRate(), 100 * r.judgeHitRate(), r.realism().describe());
            assertThat(r.hitRate()).isGreaterThanOrEqualTo(0.9);
            assertThat(r.judgeHitRate()).isGreaterThanOrEqualTo(0.7);
            for (DgnAmResult.Item it : r.items()) {
                assertThat(it.code().max()).as("the clip holds").isLessThanOrEqualTo(3.0 * r.codeRange().overallMax() + 1e-4);
                assertThat(it.code().zeroFraction()).as("codes stay non-negative and are not all zero").isLessThan(1.0);
            }
        }
    }

    @org.junit.jupiter.api.Tag("slow")
    @Test
    void dgnAmClassRendersTransferToTheJudgeAndLookMoreRealThanPixelRenders() {
        try (Model cnn = ModelLoader.load("builtin:fashion-cnn"); Model judge = ModelLoader.load(RealismScore.DEFAULT_JUDGE);
             Model g = ModelLoader.load(GENERATOR);
             LatentGenerator lg = new LatentGenerator(g, "", Map.of(), 0, 1, cnn.inputSpec());
             NDManager m = cnn.manager().newSubManager()) {
            List<String> objectives = new ArrayList<>();
            for (int c = 0; c < CLASSES; c++) {
                objectives.add("logit(" + c + ")");
            }
            DgnAmSettings s = DgnAmSettings.builder().objectives(objectives).copies(SEEDS).codeLayer("relu_fc1").judge("")
                    .seed(1).build();
            DgnAmResult r = DgnAmJob.run(cnn, lg, s, null);

            // Pixel-space AM of the same classes, SEEDS renders each (one batch, item c·SEEDS + k).
            List<Objective> units = new ArrayList<>();
            for (Objective o : ObjectiveParser.parseAll(objectives, new ModelShapes(cnn))) {
                for (int k = 0; k < SEEDS; k++) {
                    units.add(o);
                }
            }
            RenderSettings small = Presets.get("small");
            RenderResult pixel = BatchRender.render(cnn, units, small, 1, List.of(), m);
            NDArray pixelImages = pixel.image().clip(0f, 1f);
            NDArray dgnImages = images(r, m);

            int[] dgnJudge = top1(new Classifier(judge), dgnImages);
            int[] pixelJudge = top1(new Classifier(judge), pixelImages);
            int[] pixelModel = top1(new Classifier(cnn), pixelImages);
            int[] dgnModel = top1(new Classifier(cnn), dgnImages);
            RealismScore score = RealismScore.onData(judge, "", Datasets.open("fashion-mnist", Split.TEST), 1000);
            double[][] fd = score.features(dgnImages);
            double[][] fp = score.features(pixelImages);
            RealismScore.Score dgnAll = score.score(fd, 7, 50);
            RealismScore.Score pixelAll = score.score(fp, 7, 50);

            StringBuilder report = new StringBuilder(String.format(Locale.ROOT, "%-12s %8s %8s %14s %14s%n", "class", "dgn judge",
                    "pix judge", "FD dgn-am", "FD pixel"));
            int dgnHits = 0;
            int dgnJudgeHits = 0;
            int pixelHits = 0;
            int pixelJudgeHits = 0;
            int lowerPerClass = 0;
            for (int c = 0; c < CLASSES; c++) {
                int dh = 0;
                int ph = 0;
                for (int k = 0; k < SEEDS; k++) {
                    int i = c * SEEDS + k;
                    dgnHits += dgnModel[i] == c ? 1 : 0;
                    dh += dgnJudge[i] == c ? 1 : 0;
                    pixelHits += pixelModel[i] == c ? 1 : 0;
                    ph += pixelJudge[i] == c ? 1 : 0;
                }
                dgnJudgeHits += dh;
                pixelJudgeHits += ph;
                RealismScore.Score dc = score.score(java.util.Arrays.copyOfRange(fd, c * SEEDS, (c + 1) * SEEDS), RunRandom.derive(7, c), 50);
                RealismScore.Score pc = score.score(java.util.Arrays.copyOfRange(fp, c * SEEDS, (c + 1) * SEEDS), RunRandom.derive(7, c), 50);
                lowerPerClass += dc.distance() < pc.distance() ? 1 : 0;
                report.append(String.format(Locale.ROOT, "%-12s %5d/%d %5d/%d %8.1f ± %4.1f %8.1f ± %4.1f%n", cnn.labels().get(c), dh, SEEDS,
                        ph, SEEDS, dc.distance(), dc.spread(), pc.distance(), pc.spread()));
            }
            int n = CLASSES * SEEDS;
            report.append(String.format(Locale.ROOT, "top-1 under fashion-cnn: DGN-AM %d/%d, pixel %d/%d; under the judge: DGN-AM %d/%d,"
                    + " pixel %d/%d%nFD overall (n %d): DGN-AM %.1f ± %.1f, pixel %.1f ± %.1f; DGN-AM lower in %d/%d classes%n",
                    dgnHits, n, pixelHits, n, dgnJudgeHits, n, pixelJudgeHits, n, n, dgnAll.distance(), dgnAll.spread(),
                    pixelAll.distance(), pixelAll.spread(), lowerPerClass, CLASSES));
            System.out.println(report);
            assertThat(dgnHits).as(report.toString()).isGreaterThanOrEqualTo((int) Math.ceil(0.9 * n));
            assertThat(dgnJudgeHits).as(report.toString()).isGreaterThanOrEqualTo((int) Math.ceil(0.7 * n));
            assertThat(dgnAll.distance()).as(report.toString()).isLessThan(pixelAll.distance());
        }
    }

    private static NDArray images(DgnAmResult r, NDManager m) {
        List<NDArray> list = new ArrayList<>();
        for (var img : r.images()) {
            list.add(dev.visor.data.Images.toTensor(m, img, 1, 28, 28));
        }
        return ai.djl.ndarray.NDArrays.concat(new ai.djl.ndarray.NDList(list), 0);
    }

    private static int[] top1(Classifier c, NDArray images) {
        float[] p = c.probabilities(images).toFloatArray();
        int n = (int) images.getShape().get(0);
        int k = p.length / n;
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int j = 1; j < k; j++) {
                if (p[i * k + j] > p[i * k + best]) {
                    best = j;
                }
            }
            out[i] = best;
        }
        return out;
    }
}
