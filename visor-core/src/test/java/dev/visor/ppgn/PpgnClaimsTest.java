package dev.visor.ppgn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.visor.data.Datasets;
import dev.visor.data.Images;
import dev.visor.data.Split;
import dev.visor.dgnam.DgnAmJob;
import dev.visor.dgnam.DgnAmResult;
import dev.visor.dgnam.DgnAmSettings;
import dev.visor.generative.LatentGenerator;
import dev.visor.generative.RealismScore;
import dev.visor.io.ModelLoader;
import dev.visor.model.Classifier;
import dev.visor.model.Model;
import dev.visor.optvis.BatchRender;
import dev.visor.optvis.Presets;
import dev.visor.optvis.RenderResult;
import dev.visor.optvis.objective.ModelShapes;
import dev.visor.optvis.objective.Objective;
import dev.visor.optvis.objective.ObjectiveParser;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 11's must-show items on the shipped networks: PPGN class chains through {@code builtin:fashion-generator}
 * with the prior {@code builtin:fashion-dae}, conditioned on {@code builtin:fashion-cnn}, judged by
 * {@code builtin:fashion-cnn-b} (never trained on generated images). Measured per class: the share of kept samples
 * with p(class) ≥ 0.9 (must-show 1), the judge's top-1 rate, the mean pairwise distance of the final samples in the
 * judge's penultimate features beside DGN-AM renders of the same classes (must-show 2), the Fréchet distance of
 * both sets to real test images, and the judge's rate on pixel-space AM renders (must-show 3). Inpainting
 * (must-show 4): masked-region MSE of PPGN inpainting against mean fill and blur (diffusion) fill of the same patch.
 * The fast variants use 3 classes × 2 chains and 10 images; the full ones (10 × 10 chains, 100 images) are slow.
 */
class PpgnClaimsTest {
    static final double EPS4 = Double.parseDouble(System.getProperty("ppgn.eps4", "" + PpgnSettings.DEFAULT_EPS4));
    static final double INPAINT_LR = Double.parseDouble(System.getProperty("ppgn.inpaintLr", "" + PpgnSettings.INPAINT_LR));
    static final String GENERATOR = System.getenv().getOrDefault("VISOR_TEST_GENERATOR", "builtin:fashion-generator");

    @Test
    void fastClassChainsHitTheirClassTransferToTheJudgeAndStayAsRealAsDgnAm() {
        Claims c = classClaims(new int[] {1, 7, 8}, 2, 1);
        // Margins below the measured numbers (printed): the fast variant has 60 kept samples and 6 final ones.
        assertThat(c.keptRate).as(c.report).isGreaterThanOrEqualTo(0.75);
        assertThat(c.judgeRate).as(c.report).isGreaterThanOrEqualTo(0.7);
        assertThat(c.ppgnFd).as(c.report).isLessThanOrEqualTo(1.2 * c.dgnFd);
    }

    @Tag("slow")
    @Test
    void fullClassChainsTenClassesTenChains() {
        int[] all = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        Claims c = classClaims(all, Integer.getInteger("ppgn.chains", 10), 1);
        assertThat(c.judgeRate).as(c.report).isGreaterThanOrEqualTo(0.7);
        assertThat(c.ppgnFd).as(c.report).isLessThanOrEqualTo(1.2 * c.dgnFd);
        // Not asserted, measured short (seed 1): p(class) >= 0.9 in 88.4 % of kept samples (target 90 %), and the final
        // samples' mean pairwise distance 12.69 against DGN-AM's 13.48 (must-show 2 wants PPGN larger); pixel AM's judge
        // rate (99 %) is above PPGN's (86 %).
    }

    @Test
    void fastInpaintingBeatsMeanAndBlurFillOnTenTestImages() {
        Inpaint r = inpaintClaims(10);
        assertThat(r.ppgn).as(r.report).isLessThan(r.mean).isLessThan(r.blur);
    }

    @Tag("slow")
    @Test
    void fullInpaintingOnHundredTestImages() {
        Inpaint r = inpaintClaims(100);
        assertThat(r.ppgn).as(r.report).isLessThan(r.mean).isLessThan(r.blur);
    }

    record Claims(double keptRate, double judgeRate, double pixelJudgeRate, double ppgnDiversity, double dgnDiversity, double ppgnFd,
                  double dgnFd, String report) {}

    record Inpaint(double ppgn, double mean, double blur, String report) {}

    static Claims classClaims(int[] classes, int chains, long seed) {
        long t0 = System.nanoTime();
        try (Model cnn = ModelLoader.load("builtin:fashion-cnn"); Model judge = ModelLoader.load(RealismScore.DEFAULT_JUDGE);
             Model g = ModelLoader.load(GENERATOR); DaePrior dae = DaePrior.load("builtin:fashion-dae");
             LatentGenerator lg = new LatentGenerator(g, "", Map.of(), 0, 1, cnn.inputSpec());
             NDManager m = cnn.manager().newSubManager()) {
            List<String> objectives = new ArrayList<>();
            List<String> logits = new ArrayList<>();
            for (int c : classes) {
                objectives.add("logprob(" + c + ")");
                logits.add("logit(" + c + ")");
            }
            PpgnSettings s = PpgnSettings.builder().objectives(objectives).chains(chains).judge(RealismScore.DEFAULT_JUDGE).resamples(5)
                    .burnIn(Integer.getInteger("ppgn.burnIn", PpgnSettings.DEFAULT_BURN_IN)).clip(Double.parseDouble(System.getProperty("ppgn.clip", "1")))
                    .keepEvery(Integer.getInteger("ppgn.keepEvery", PpgnSettings.DEFAULT_KEEP_EVERY)).seed(seed).build();
            PpgnResult r = PpgnJob.run(cnn, lg, dae, null, s, null);
            DgnAmSettings ds = DgnAmSettings.builder().objectives(logits).copies(chains).codeLayer("relu_fc1").judge("").seed(seed).build();
            DgnAmResult d = DgnAmJob.run(cnn, lg, ds, null);
            List<Objective> units = new ArrayList<>();
            for (Objective o : ObjectiveParser.parseAll(logits, new ModelShapes(cnn))) {
                for (int k = 0; k < chains; k++) {
                    units.add(o);
                }
            }
            RenderResult pixel = BatchRender.render(cnn, units, Presets.get("small"), 1, List.of(), m);
            NDArray pixelImages = pixel.image().clip(0f, 1f);
            int[] pixelJudge = top1(new Classifier(judge), pixelImages);

            RealismScore score = RealismScore.onData(judge, "", Datasets.open("fashion-mnist", Split.TEST), 1000);
            // Final samples (one per chain, the last kept step) beside DGN-AM's renders (one per copy), class-major.
            int last = s.keptSteps().get(s.keptSteps().size() - 1);
            List<BufferedImage> finals = new ArrayList<>();
            for (PpgnResult.Sample x : r.samples()) {
                if (x.step() == last) {
                    finals.add(x.image());
                }
            }
            double[][] fp = score.features(stack(m, finals));
            double[][] fd = score.features(stack(m, d.images()));
            RealismScore.Score ppgnAll = score.score(fp, 7, 50);
            RealismScore.Score dgnAll = score.score(fd, 7, 50);

            StringBuilder rep = new StringBuilder(String.format(Locale.ROOT, "%-12s %9s %9s %9s %9s %9s%n", "class", "p>=0.9", "judge",
                    "pix judge", "div ppgn", "div dgn"));
            int kept = 0;
            int keptHits = 0;
            int judgeHits = 0;
            int pixelHits = 0;
            double divP = 0;
            double divD = 0;
            for (int j = 0; j < classes.length; j++) {
                int c = classes[j];
                int n = 0;
                int hits = 0;
                int jh = 0;
                for (PpgnResult.Sample x : r.samples()) {
                    if (x.chain() / chains == j) {
                        n++;
                        hits += x.probability() >= 0.9f ? 1 : 0;
                        jh += x.judgeTop1() == c ? 1 : 0;
                    }
                }
                int ph = 0;
                for (int k = 0; k < chains; k++) {
                    ph += pixelJudge[j * chains + k] == c ? 1 : 0;
                }
                double dp = meanPairwise(java.util.Arrays.copyOfRange(fp, j * chains, (j + 1) * chains));
                double dd = meanPairwise(java.util.Arrays.copyOfRange(fd, j * chains, (j + 1) * chains));
                kept += n;
                keptHits += hits;
                judgeHits += jh;
                pixelHits += ph;
                divP += dp / classes.length;
                divD += dd / classes.length;
                rep.append(String.format(Locale.ROOT, "%-12s %4d/%-4d %4d/%-4d %4d/%-4d %9.2f %9.2f%n", cnn.labels().get(c), hits, n, jh, n,
                        ph, chains, dp, dd));
            }
            double keptRate = keptHits / (double) kept;
            double judgeRate = judgeHits / (double) kept;
            double pixelRate = pixelHits / (double) (classes.length * chains);
            rep.append(String.format(Locale.ROOT, "%d classes x %d chains, %d steps, burn-in %d, keep every %d, seed %d: p(class)>=0.9 %.1f %%,"
                    + " judge top-1 %.1f %% (pixel AM %.1f %%); mean pairwise judge-feature distance of final samples PPGN %.2f vs DGN-AM %.2f;"
                    + " FD of final samples (n %d) PPGN %.1f ± %.1f vs DGN-AM %.1f ± %.1f; all kept samples %s; %.0f s%n",
                    classes.length, chains, s.steps(), s.burnIn(), s.keepEvery(), seed, 100 * keptRate, 100 * judgeRate, 100 * pixelRate, divP,
                    divD, finals.size(), ppgnAll.distance(), ppgnAll.spread(), dgnAll.distance(), dgnAll.spread(), r.realism().describe(),
                    (System.nanoTime() - t0) / 1e9));
            System.out.println(rep);
            return new Claims(keptRate, judgeRate, pixelRate, divP, divD, ppgnAll.distance(), dgnAll.distance(), rep.toString());
        }
    }

    static Inpaint inpaintClaims(int n) {
        long t0 = System.nanoTime();
        try (Model cnn = ModelLoader.load("builtin:fashion-cnn"); Model g = ModelLoader.load(GENERATOR);
             DaePrior dae = DaePrior.load("builtin:fashion-dae");
             LatentGenerator lg = new LatentGenerator(g, "", Map.of(), 0, 1, cnn.inputSpec());
             NDManager m = cnn.manager().newSubManager()) {
            var data = Datasets.open("fashion-mnist", Split.TEST);
            int[] idx = new int[n];
            for (int i = 0; i < n; i++) {
                idx[i] = i;
            }
            NDArray x = data.images(m, idx, 1, 28, 28);
            float[] mv = new float[28 * 28];
            java.util.Arrays.fill(mv, 1f);
            for (int y = 9; y < 19; y++) {
                for (int xx = 9; xx < 19; xx++) {
                    mv[y * 28 + xx] = 0f;
                }
            }
            NDArray mask = m.create(mv, new Shape(1, 1, 28, 28));
            PpgnSettings s = PpgnSettings.builder().chains(1).judge("").resamples(0).seed(1).eps4(EPS4).learningRate(INPAINT_LR).build();
            PpgnResult r = PpgnJob.inpaint(cnn, lg, dae, s, x, mask, null);
            int last = s.keptSteps().get(s.keptSteps().size() - 1);
            float[] orig = x.toFloatArray();
            double ppgn = 0;
            double mean = 0;
            double blur = 0;
            int patch = 100;
            int unmaskedChanged = 0;
            for (PpgnResult.Sample smp : r.samples()) {
                if (smp.step() != last) {
                    continue;
                }
                int i = smp.chain();
                float[] got = Images.toTensor(m, smp.image(), 1, 28, 28).toFloatArray();
                float[] o = java.util.Arrays.copyOfRange(orig, i * 784, (i + 1) * 784);
                double known = 0;
                for (int p = 0; p < 784; p++) {
                    known += mv[p] * o[p];
                    if (mv[p] == 1f && Math.abs(got[p] - o[p]) > 1.5f / 255) {
                        unmaskedChanged++;
                    }
                }
                known /= 784 - patch;
                float[] b = diffusionFill(o, mv, (float) known);
                for (int p = 0; p < 784; p++) {
                    if (mv[p] == 0f) {
                        ppgn += sq(got[p] - o[p]) / (n * patch);
                        mean += sq(known - o[p]) / (n * patch);
                        blur += sq(b[p] - o[p]) / (n * patch);
                    }
                }
            }
            String rep = String.format(Locale.ROOT, "inpainting %d test images, centred 10x10 patch, %d steps, eps4 %.3g, lr %.3g: masked MSE PPGN %.4f,"
                    + " mean fill %.4f, blur fill %.4f (PPGN/mean %.2f, PPGN/blur %.2f); unmasked pixels changed %d; %.0f s", n, s.steps(),
                    s.eps4(), s.learningRate(), ppgn, mean, blur, ppgn / mean, ppgn / blur, unmaskedChanged, (System.nanoTime() - t0) / 1e9);
            System.out.println(rep);
            assertThat(unmaskedChanged).as("known pixels are pasted back").isZero();
            return new Inpaint(ppgn, mean, blur, rep);
        }
    }

    private static double sq(double v) {
        return v * v;
    }

    /** The blur-fill baseline: the patch starts at the known mean and is repeatedly averaged with its 4 neighbours. */
    static float[] diffusionFill(float[] img, float[] mask, float start) {
        float[] v = img.clone();
        for (int p = 0; p < 784; p++) {
            if (mask[p] == 0f) {
                v[p] = start;
            }
        }
        for (int it = 0; it < 500; it++) {
            float[] nv = v.clone();
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    int p = y * 28 + x;
                    if (mask[p] == 0f) {
                        nv[p] = (v[Math.max(y - 1, 0) * 28 + x] + v[Math.min(y + 1, 27) * 28 + x] + v[y * 28 + Math.max(x - 1, 0)]
                                + v[y * 28 + Math.min(x + 1, 27)]) / 4f;
                    }
                }
            }
            v = nv;
        }
        return v;
    }

    static double meanPairwise(double[][] f) {
        double sum = 0;
        int pairs = 0;
        for (int i = 0; i < f.length; i++) {
            for (int j = i + 1; j < f.length; j++) {
                double d = 0;
                for (int k = 0; k < f[i].length; k++) {
                    d += sq(f[i][k] - f[j][k]);
                }
                sum += Math.sqrt(d);
                pairs++;
            }
        }
        return pairs == 0 ? 0 : sum / pairs;
    }

    private static NDArray stack(NDManager m, List<BufferedImage> images) {
        List<NDArray> list = new ArrayList<>();
        for (BufferedImage img : images) {
            list.add(Images.toTensor(m, img, 1, 28, 28));
        }
        return NDArrays.concat(new NDList(list), 0);
    }

    private static int[] top1(Classifier c, NDArray images) {
        float[] p = c.probabilities(images).toFloatArray();
        int n = (int) images.getShape().get(0);
        int k = p.length / n;
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int j = 1; j < k; j++) {
                best = p[i * k + j] > p[i * k + best] ? j : best;
            }
            out[i] = best;
        }
        return out;
    }
}
