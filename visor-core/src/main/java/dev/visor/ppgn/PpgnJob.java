package dev.visor.ppgn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.visor.VisorException;
import dev.visor.data.Dataset;
import dev.visor.data.Datasets;
import dev.visor.data.Images;
import dev.visor.data.Split;
import dev.visor.engine.Rows;
import dev.visor.engine.RunRandom;
import dev.visor.generative.CodeRange;
import dev.visor.generative.LatentGenerator;
import dev.visor.generative.RealismScore;
import dev.visor.io.ModelLoader;
import dev.visor.model.Classifier;
import dev.visor.model.ForwardRequest;
import dev.visor.model.Model;
import dev.visor.optvis.RenderListener;
import dev.visor.optvis.RenderResult;
import dev.visor.optvis.Renderer;
import dev.visor.optvis.objective.ClassObjective;
import dev.visor.optvis.objective.Evaluation;
import dev.visor.optvis.objective.ModelShapes;
import dev.visor.optvis.objective.Objective;
import dev.visor.optvis.objective.ObjectiveParser;
import dev.visor.optvis.param.LatentParameterization;
import dev.visor.optvis.step.CodePrior;
import dev.visor.optvis.step.ImageOp;
import dev.visor.optvis.step.LatentClip;
import dev.visor.optvis.step.PpgnStep;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * PPGN sampling: chains of codes h run by the shared {@link Renderer} on a {@link LatentParameterization}
 * with the {@link PpgnStep} rule and {@link LatentClip} (and {@link ChainReset} for hidden units) after each
 * step; the condition is the renderer's objective (class log-probability, any objective, a caption's
 * log-probability, or a class plus the inpainting term). Samples are the images at the kept steps; each is
 * scored by the classifier (condition probability) and the judge, and the realism score of each condition's
 * samples is measured against real test images.
 */
public final class PpgnJob {
    private PpgnJob() {}

    /**
     * Samples each objective (or the caption) with {@code s.chains()} chains.
     *
     * @param model     the conditioning classifier (and E up to the code layer)
     * @param generator G wrapped for the classifier
     * @param prior     R (a {@link DaePrior} adapter or {@link JointPrior}); null when ε1 is 0
     * @param captioner the caption network when {@code s.caption()} is set, else null
     */
    public static PpgnResult run(Model model, LatentGenerator generator, CodePrior prior, Captioner captioner, PpgnSettings s,
                                 RenderListener listener) {
        List<Objective> conditions;
        List<String> names;
        if (!s.caption().isEmpty()) {
            if (captioner == null) {
                throw new VisorException("a caption condition needs a captioner (--captioner builtin:fashion-captioner)");
            }
            conditions = List.of(CaptionObjective.of(captioner, s.caption()));
            names = List.of(s.caption());
        } else {
            if (s.objectives().isEmpty()) {
                throw new VisorException("give a condition: --class N, --objective TEXT, --caption TEXT or --inpaint IMAGE");
            }
            conditions = ObjectiveParser.parseAll(s.objectives(), new ModelShapes(model));
            names = s.objectives();
        }
        CodeRange range = codeRange(model, generator, s);
        try (NDManager m = model.manager().newSubManager()) {
            NDArray start = randomStarts(generator, range, s, conditions.size(), m);
            return sample(model, generator, prior, s, range, conditions, names, start, null, null, listener, m);
        }
    }

    /**
     * Inpaints real images: chain i starts from E(x_i) with the patch filled by {@link InpaintMask#diffusionFill},
     * conditioned on the classifier's top-1 class of that image plus ε4 · the inpainting term; each sample has the known
     * pixels pasted back. {@code s.chains()} chains per image.
     *
     * @param real01 real images (N, C, H, W) in [0, 1] at the classifier's input
     * @param mask   1 for known pixels, 0 in the patch (N or 1, 1, H, W)
     */
    public static PpgnResult inpaint(Model model, LatentGenerator generator, CodePrior prior, PpgnSettings s, NDArray real01,
                                     NDArray mask, RenderListener listener) {
        CodeRange range = codeRange(model, generator, s);
        try (NDManager m = model.manager().newSubManager()) {
            int n = (int) real01.getShape().get(0);
            NDArray x = real01.duplicate();
            x.attach(m);
            NDArray mk = mask.duplicate();
            mk.attach(m);
            // The start: the patch filled by diffusion from its border (a closer start than the mean fill: masked MSE of
            // the final samples 0.037 against 0.043 on 30 test images, BENCHMARKS.md).
            NDArray filled = InpaintMask.diffusionFill(x, mk);
            float[] probs = new Classifier(model).probabilities(filled).toFloatArray();
            List<Objective> conditions = new ArrayList<>();
            List<String> names = new ArrayList<>();
            int classes = probs.length / n;
            String logits = model.graph().outputs().get(0);
            for (int i = 0; i < n; i++) {
                int top = 0;
                for (int c = 1; c < classes; c++) {
                    top = probs[i * classes + c] > probs[i * classes + top] ? c : top;
                }
                conditions.add(new ClassObjective(logits, top, true));
                names.add("inpaint " + i + " as logprob(" + top + ")");
            }
            NDArray h = CodeRange.encode(model, s.codeLayer(), filled).reshape(new Shape(LatentParameterization.codeShape(generator, n)));
            NDArray start = s.chains() == 1 ? h : h.repeat(0, s.chains());
            NDArray perChainX = s.chains() == 1 ? x : x.repeat(0, s.chains());
            NDArray perChainM = mk.getShape().get(0) == 1 ? mk : s.chains() == 1 ? mk : mk.repeat(0, s.chains());
            start = clipStart(start, range, s, m);
            return sample(model, generator, prior, s, range, conditions, names, start, perChainX, perChainM, listener, m);
        }
    }

    private static PpgnResult sample(Model model, LatentGenerator g, CodePrior prior, PpgnSettings s, CodeRange range,
                                     List<Objective> conditions,
                                     List<String> names, NDArray start, NDArray known, NDArray mask, RenderListener listener, NDManager m) {
        int chains = s.chains();
        int batch = conditions.size() * chains;
        List<Objective> items = new ArrayList<>();
        for (Objective o : conditions) {
            for (int k = 0; k < chains; k++) {
                items.add(o);
            }
        }
        Objective objective = known == null ? Objective.perItem(items)
                : Objective.perItem(items).plus(new InpaintObjective(known, mask, s.eps4()));
        List<ImageOp> ops = new ArrayList<>();
        ops.add(LatentClip.of(0f, (float) (s.clip() * range.overallMax())));
        if (s.resetEvery() > 0) {
            ops.add(new ChainReset(start, s.resetEvery()));
        }
        TreeSet<Integer> snaps = new TreeSet<>(s.keptSteps());
        for (int k = s.gifEvery(); k <= s.steps(); k += s.gifEvery()) {
            snaps.add(k);
        }
        PpgnStep rule = new PpgnStep(prior, s.eps1(), s.eps2(), s.eps3(), s.learningRate());
        RenderResult rr;
        NDArray first;
        try (LatentParameterization p = new LatentParameterization(m, g, start, batch)) {
            first = p.currentImage(m);
            Renderer r = Renderer.on(model).objective(objective).parameterization(p).transforms(List.of()).stepRule(rule).imageOps(ops)
                    .steps(s.steps()).snapshots(snaps).skipValidation();
            if (listener != null) {
                r.listener(listener);
            }
            rr = r.run(new RunRandom(RunRandom.derive(s.seed(), "ppgn")), m);
        }
        Model judge = s.judge().isEmpty() ? null : ModelLoader.load(s.judge());
        try {
            List<PpgnResult.Sample> samples = new ArrayList<>();
            List<NDArray> kept = new ArrayList<>();
            List<List<BufferedImage>> frames = new ArrayList<>();
            for (int i = 0; i < batch; i++) {
                frames.add(new ArrayList<>());
            }
            Map<Integer, NDArray> images = new LinkedHashMap<>();
            images.put(0, first);
            images.putAll(rr.snapshots());
            for (Map.Entry<Integer, NDArray> e : images.entrySet()) {
                NDArray img = e.getValue().clip(0f, 1f);
                if (known != null) {
                    img = known.mul(mask).add(img.mul(mask.neg().add(1f)));
                }
                List<BufferedImage> pics = new ArrayList<>();
                for (int i = 0; i < batch; i++) {
                    pics.add(Images.toImage(img.get(i)));
                    frames.get(i).add(pics.get(i));
                }
                if (!s.keptSteps().contains(e.getKey())) {
                    continue;
                }
                float[] prob = probability(model, conditions, items, chains, img);
                float[][] jp = judge == null ? null : Rows.of(new Classifier(judge).probabilities(RealismScore.fit(judge, img)));
                float[][] cp = Rows.of(new Classifier(model).probabilities(img));
                kept.add(img);
                for (int i = 0; i < batch; i++) {
                    Objective c = conditions.get(i / chains);
                    int target = c instanceof ClassObjective co ? co.classIndex() : -1;
                    int jt = jp == null ? -1 : Rows.argmax(jp[i]);
                    samples.add(new PpgnResult.Sample(i, names.get(i / chains), e.getKey(), target, prob[i], Rows.argmax(cp[i]), jt,
                            jt < 0 ? Float.NaN : jp[i][jt], pics.get(i)));
                }
            }
            samples.sort(java.util.Comparator.comparingInt(PpgnResult.Sample::chain).thenComparingInt(PpgnResult.Sample::step));
            RealismScore.Score overall = null;
            Map<String, RealismScore.Score> byCondition = new LinkedHashMap<>();
            if (judge != null && !kept.isEmpty() && kept.size() * batch >= 2) {
                Dataset test = Datasets.open(s.data(), Split.TEST);
                NDArray all = ai.djl.ndarray.NDArrays.concat(new ai.djl.ndarray.NDList(kept.toArray(new NDArray[0])));
                RealismScore score = RealismScore.onData(judge, "", test, Math.max(s.realImages(), (int) all.getShape().get(0)));
                double[][] f = score.features(all);
                overall = score.score(f, s.seed(), s.resamples());
                if (conditions.size() > 1) {
                    for (int j = 0; j < conditions.size(); j++) {
                        List<double[]> part = new ArrayList<>();
                        for (int row = 0; row < f.length; row++) {
                            if ((row % batch) / chains == j) {
                                part.add(f[row]);
                            }
                        }
                        if (part.size() >= 2) {
                            byCondition.put(names.get(j), score.score(part.toArray(new double[0][]), RunRandom.derive(s.seed(), j),
                                    s.resamples()));
                        }
                    }
                }
            }
            return new PpgnResult(names, chains, samples, frames, overall, byCondition, rule.describe(), rr.steps(), rr.seconds());
        } finally {
            if (judge != null) {
                judge.close();
            }
        }
    }

    /** The condition's probability per chain on images: p(class), p(caption | x), or the objective's value. */
    private static float[] probability(Model model, List<Objective> conditions, List<Objective> items, int chains, NDArray img) {
        int n = (int) img.getShape().get(0);
        float[] out = new float[n];
        float[][] probs = Rows.of(new Classifier(model).probabilities(img));
        Objective per = Objective.perItem(items);
        float[] scores = null;
        for (int i = 0; i < n; i++) {
            Objective c = conditions.get(i / chains);
            if (c instanceof ClassObjective co) {
                out[i] = probs[i][co.classIndex()];
            } else {
                if (scores == null) {
                    var acts = model.forward(model.inputSpec().toModel(img), ForwardRequest.of(List.copyOf(per.layers())));
                    scores = per.score(new Evaluation(acts, img)).toFloatArray();
                }
                out[i] = c instanceof CaptionObjective ? (float) Math.exp(scores[i]) : scores[i];
            }
        }
        return out;
    }

    /** The code layer's range over real data, checked against G's latent size. */
    static CodeRange codeRange(Model model, LatentGenerator g, PpgnSettings s) {
        model.resolve(s.codeLayer());
        Dataset train = Datasets.open(s.data(), Split.TRAIN);
        CodeRange r = CodeRange.measure(model, s.codeLayer(), train, s.codeImages());
        if (r.size() != g.latentSize()) {
            throw new VisorException("code layer " + s.codeLayer() + " of " + model.source() + " has " + r.size()
                    + " units; the generator's latent input " + g.latentInput() + " takes " + g.latentSize() + " (inputs: "
                    + g.describeInputs() + ")");
        }
        return r;
    }

    /** Start codes: chain k of every condition draws h from per-unit N(mean, std) of the real codes (clipped at 0) with seed k. */
    static NDArray randomStarts(LatentGenerator g, CodeRange range, PpgnSettings s, int conditions, NDManager m) {
        int d = g.latentSize();
        int chains = s.chains();
        float[] all = new float[conditions * chains * d];
        for (int k = 0; k < chains; k++) {
            java.util.Random r = new RunRandom(RunRandom.derive(s.seed(), k)).asRandom();
            for (int j = 0; j < d; j++) {
                all[k * d + j] = Math.max(0f, range.mean()[j] + range.std()[j] * (float) r.nextGaussian());
            }
        }
        for (int j = 1; j < conditions; j++) {
            System.arraycopy(all, 0, all, j * chains * d, chains * d);
        }
        return m.create(all, new Shape(LatentParameterization.codeShape(g, conditions * chains)));
    }

    private static NDArray clipStart(NDArray h, CodeRange range, PpgnSettings s, NDManager m) {
        return h.maximum(0f).minimum((float) (s.clip() * range.overallMax()));
    }
}
