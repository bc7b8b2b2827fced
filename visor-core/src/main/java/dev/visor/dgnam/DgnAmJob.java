package dev.visor.dgnam;

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
import dev.visor.model.Model;
import dev.visor.optvis.RenderListener;
import dev.visor.optvis.RenderResult;
import dev.visor.optvis.Renderer;
import dev.visor.optvis.objective.ClassObjective;
import dev.visor.optvis.objective.ModelShapes;
import dev.visor.optvis.objective.Objective;
import dev.visor.optvis.objective.ObjectiveParser;
import dev.visor.optvis.param.LatentParameterization;
import dev.visor.optvis.step.ImageOp;
import dev.visor.optvis.step.LatentClip;
import dev.visor.optvis.step.LatentDecay;
import dev.visor.optvis.step.LearningRate;
import dev.visor.optvis.step.NormalizedGradient;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DGN-AM: activation maximisation through a generator. The shared {@link Renderer} runs on a
 * {@link LatentParameterization} with {@link NormalizedGradient} steps (lr linear from {@code learningRate} to
 * {@code learningRateEnd}), {@link LatentDecay} and {@link LatentClip} after each step and no image transforms
 * (the generator is the prior). Then each image is classified by the model and by the judge, and the realism
 * score of the set (and of each objective's copies) is measured against real test images.
 */
public final class DgnAmJob {
    private DgnAmJob() {}

    /**
     * Runs DGN-AM; objective, code-layer and start errors come before any work, as one-line
     * {@link VisorException}s.
     *
     * @param model     the classifier whose objective is maximised (and E, when a code layer is named)
     * @param generator G wrapped for this classifier
     * @param s         the settings
     * @param listener  progress
     */
    public static DgnAmResult run(Model model, LatentGenerator generator, DgnAmSettings s, RenderListener listener) {
        List<Objective> parsed = ObjectiveParser.parseAll(s.objectives(), new ModelShapes(model));
        CodeRange range = codeRange(model, generator, s);
        int copies = s.copies();
        int batch = parsed.size() * copies;
        List<Objective> items = new ArrayList<>();
        for (Objective o : parsed) {
            for (int k = 0; k < copies; k++) {
                items.add(o);
            }
        }
        float[] upper = range != null && s.clipFactor() > 0 ? range.upper(s.clipFactor()) : null;
        try (NDManager m = model.manager().newSubManager()) {
            NDArray startBatch = startCodes(model, generator, s, range, parsed.size(), m);
            List<ImageOp> ops = new ArrayList<>();
            if (s.decay() < 1) {
                ops.add(new LatentDecay((float) s.decay()));
            }
            if (upper != null) {
                ops.add(new LatentClip(0f, upper));
            }
            RenderResult rr;
            float[][] codes;
            try (LatentParameterization p = new LatentParameterization(m, generator, startBatch, batch)) {
                Renderer r = Renderer.on(model).objective(Objective.perItem(items)).parameterization(p).transforms(List.of())
                        .stepRule(new NormalizedGradient(LearningRate.linear(s.learningRate(), s.learningRateEnd())))
                        .imageOps(ops).steps(s.steps()).skipValidation();
                if (listener != null) {
                    r.listener(listener);
                }
                rr = r.run(new RunRandom(RunRandom.derive(s.seed(), "dgn-am")), m);
                codes = Rows.of(p.code());
            }
            float[][] starts = Rows.of(startBatch);
            NDArray images = rr.image().clip(0f, 1f);
            float[][] probs = Rows.of(new Classifier(model).probabilities(images));
            Model judge = s.judge().isEmpty() ? null : ModelLoader.load(s.judge());
            try {
                float[][] judgeProbs = judge == null ? null : Rows.of(new Classifier(judge).probabilities(RealismScore.fit(judge, images)));
                List<DgnAmResult.Item> out = new ArrayList<>();
                for (int i = 0; i < batch; i++) {
                    int j = i / copies;
                    int target = parsed.get(j) instanceof ClassObjective c ? c.classIndex() : -1;
                    int top = Rows.argmax(probs[i]);
                    int jt = judgeProbs == null ? -1 : Rows.argmax(judgeProbs[i]);
                    out.add(new DgnAmResult.Item(i, s.objectives().get(j), i % copies, target, rr.measureStart()[i], rr.measureEnd()[i],
                            top, new Classifier(model).label(top), probs[i][top], jt, jt < 0 ? Float.NaN : judgeProbs[i][jt],
                            DgnAmResult.CodeStats.of(codes[i], upper)));
                }
                RealismScore.Score overall = null;
                Map<String, RealismScore.Score> byObjective = new LinkedHashMap<>();
                if (judge != null && batch >= 2) {
                    Dataset test = Datasets.open(s.data(), Split.TEST);
                    RealismScore score = RealismScore.onData(judge, s.judgeLayer(), test, Math.max(s.realImages(), batch));
                    double[][] f = score.features(images);
                    overall = score.score(f, s.seed(), s.resamples());
                    if (copies >= 2) {
                        for (int j = 0; j < parsed.size(); j++) {
                            double[][] part = java.util.Arrays.copyOfRange(f, j * copies, (j + 1) * copies);
                            byObjective.put(s.objectives().get(j), score.score(part, RunRandom.derive(s.seed(), j), s.resamples()));
                        }
                    }
                }
                List<BufferedImage> pictures = new ArrayList<>();
                for (int i = 0; i < batch; i++) {
                    pictures.add(Images.toImage(images.get(i)));
                }
                return new DgnAmResult(out, pictures, codes, starts, generator.latentShape(), range, overall, byObjective,
                        generator.describe(), rr.steps(), rr.seconds());
            } finally {
                if (judge != null) {
                    judge.close();
                }
            }
        }
    }

    /** The code layer's range over real data, checked against G's latent size; null when no code layer is named. */
    static CodeRange codeRange(Model model, LatentGenerator g, DgnAmSettings s) {
        if (s.codeLayer().isEmpty()) {
            if (s.start().startsWith("image:")) {
                throw new VisorException("--start image:PATH needs the encoder's code layer (--code-layer L of " + model.source() + ")");
            }
            return null;
        }
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

    /**
     * The start codes of the batch (objectives·copies, code...): item j·copies + k gets copy k's code, drawn from the
     * copy's own seed, so every objective starts from the same codes.
     */
    static NDArray startCodes(Model model, LatentGenerator g, DgnAmSettings s, CodeRange range, int objectives, NDManager m) {
        int d = g.latentSize();
        int copies = s.copies();
        float[] all = new float[objectives * copies * d];
        if (s.start().startsWith("image:")) {
            Path file = Path.of(s.start().substring(6));
            var spec = model.inputSpec();
            try (NDManager t = m.newSubManager()) {
                NDArray x = Images.load(t, List.of(file), spec.channels(), spec.height(), spec.width());
                float[] h = CodeRange.encode(model, s.codeLayer(), x).toFloatArray();
                for (int k = 0; k < copies; k++) {
                    System.arraycopy(h, 0, all, k * d, d);
                }
            }
        } else if (s.start().equals("random")) {
            for (int k = 0; k < copies; k++) {
                java.util.Random r = new RunRandom(RunRandom.derive(s.seed(), k)).asRandom();
                for (int j = 0; j < d; j++) {
                    all[k * d + j] = range == null ? (float) r.nextGaussian()
                            : Math.max(0f, range.mean()[j] + range.std()[j] * (float) r.nextGaussian());
                }
            }
        }
        for (int j = 1; j < objectives; j++) {
            System.arraycopy(all, 0, all, j * copies * d, copies * d);
        }
        return m.create(all, new Shape(LatentParameterization.codeShape(g, objectives * copies)));
    }

}
