package dev.visor.optvis;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.visor.VisorException;
import dev.visor.engine.GradScope;
import dev.visor.engine.RunRandom;
import dev.visor.job.JobCancelledException;
import dev.visor.model.Activations;
import dev.visor.model.BackwardRule;
import dev.visor.model.ForwardRequest;
import dev.visor.model.Model;
import dev.visor.optvis.objective.Evaluation;
import dev.visor.optvis.objective.ModelShapes;
import dev.visor.optvis.objective.Objective;
import dev.visor.optvis.param.Parameterization;
import dev.visor.optvis.step.ImageOp;
import dev.visor.optvis.step.StepContext;
import dev.visor.optvis.step.StepRule;
import dev.visor.optvis.transform.FitToModel;
import dev.visor.optvis.transform.Transform;
import dev.visor.optvis.transform.TransformContext;
import dev.visor.optvis.transform.Transforms;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one gradient-ascent loop of Visor. Each step: copy the parameters into fresh gradient
 * leaves (in a per-step manager, closed at the end of the step), make the image, apply the
 * seeded transforms, fit it to the model, run the model only as deep as the objective's layers,
 * back-propagate the summed per-item objective, run gradient operations, the step rule and image
 * operations. Activation maximisation, multifaceted FV, inversion and generator-based methods are
 * configurations of this loop (their own parameterisation, objective, step rule and operations).
 *
 * <p>Use the builder: {@code Renderer.on(model).objective(o).parameterization(p).stepRule(r).steps(n).run(random, out)}.
 */
public final class Renderer {
    private final Model model;
    private Objective objective;
    private Objective measure;
    private Parameterization param;
    private List<Transform> transforms = List.of();
    private StepRule rule;
    private List<ImageOp> ops = List.of();
    private int steps = 512;
    private Set<Integer> snapshotSteps = Set.of();
    private StopCriterion stop = StopCriterion.never();
    private final List<RenderListener> listeners = new ArrayList<>();
    private BackwardRule backwardRule = BackwardRule.PLAIN;
    private boolean validate = true;

    private Renderer(Model model) {
        this.model = model;
    }

    /** A renderer on this model. */
    public static Renderer on(Model model) {
        return new Renderer(model);
    }

    /** What to maximise (one score per batch item). */
    public Renderer objective(Objective o) {
        this.objective = o;
        return this;
    }

    /** What to report at start and end, on the untransformed image (default: the objective). */
    public Renderer measure(Objective o) {
        this.measure = o;
        return this;
    }

    /** The trainable image. */
    public Renderer parameterization(Parameterization p) {
        this.param = p;
        return this;
    }

    /** The stochastic transforms, applied in order (the fit to the model's input size is added by the renderer). */
    public Renderer transforms(List<Transform> t) {
        this.transforms = List.copyOf(t);
        return this;
    }

    /** How parameters move. */
    public Renderer stepRule(StepRule r) {
        this.rule = r;
        return this;
    }

    /** Per-step gradient and image operations, in order. */
    public Renderer imageOps(List<ImageOp> o) {
        this.ops = List.copyOf(o);
        return this;
    }

    /** Planned number of steps. */
    public Renderer steps(int n) {
        if (n < 0) {
            throw new VisorException("steps must be 0 or more, got " + n);
        }
        this.steps = n;
        return this;
    }

    /** Steps after which to keep a copy of the image (step index from 1 = after the first update). */
    public Renderer snapshots(Set<Integer> s) {
        this.snapshotSteps = Set.copyOf(s);
        return this;
    }

    /** An early stop. */
    public Renderer stopWhen(StopCriterion s) {
        this.stop = s;
        return this;
    }

    /** Adds a listener. */
    public Renderer listener(RenderListener l) {
        listeners.add(l);
        return this;
    }

    /** The backward rule of rectifiers (plain for true gradients). */
    public Renderer backwardRule(BackwardRule r) {
        this.backwardRule = r;
        return this;
    }

    /** Skips checking the objective's layers and units against the model (already checked by the caller). */
    public Renderer skipValidation() {
        this.validate = false;
        return this;
    }

    /**
     * Runs the loop.
     *
     * @param random the run's random source (transforms draw from it)
     * @param out    manager for the result's arrays
     */
    public RenderResult run(RunRandom random, NDManager out) {
        if (objective == null || param == null || rule == null) {
            throw new IllegalStateException("a render needs an objective, a parameterisation and a step rule");
        }
        Objective measured = measure == null ? objective : measure;
        if (validate) {
            ModelShapes shapes = new ModelShapes(model);
            objective.validate(shapes);
            if (measured != objective) {
                measured.validate(shapes);
            }
        }
        long[] want = model.graph().inputShape();
        Transform fit = new FitToModel((int) want[2], (int) want[3]);
        // The fit ends the chain, so a crop to the model's size folds into the transforms' one resampling.
        List<Transform> chain = new ArrayList<>(transforms);
        chain.add(fit);
        ForwardRequest request = ForwardRequest.of(List.copyOf(objective.layers())).withRule(backwardRule);
        // Two passes per render (start, end): not worth building an ONNX Runtime session for.
        ForwardRequest measureRequest = ForwardRequest.of(List.copyOf(measured.layers())).reference();
        for (RenderListener l : listeners) {
            l.started(steps, param.batch());
        }
        long t0 = System.nanoTime();
        Map<Integer, NDArray> snaps = new LinkedHashMap<>();
        float[] start = measure(measured, measureRequest, fit);
        float[] last = new float[param.batch()];
        int done = 0;
        rule.reset();
        try {
            for (int step = 0; step < steps; step++) {
                try (NDManager sm = param.manager().newSubManager()) {
                    List<NDArray> grads = new ArrayList<>();
                    // per thread, without DJL's one-collector-per-JVM flag: renders run concurrently (Spark tasks, serve's workers)
                    try (GradScope grad = GradScope.open()) {
                        List<NDArray> leaves = new ArrayList<>();
                        for (NDArray p : param.parameters()) {
                            NDArray leaf = p.duplicate();
                            leaf.attach(sm);
                            leaf.setRequiresGradient(true);
                            leaves.add(leaf);
                        }
                        NDArray image = param.image(leaves);
                        TransformContext tc = new TransformContext(random, step, steps);
                        NDArray x = Transforms.apply(chain, image, tc);
                        Activations acts = model.forward(model.inputSpec().toModel(x), request);
                        NDArray score = objective.score(new Evaluation(acts, image));
                        acts.backward(score.sum());
                        last = score.toFloatArray();
                        checkFinite(last, step);
                        for (NDArray leaf : leaves) {
                            grads.add(leaf.getGradient());
                        }
                    }
                    StepContext ctx = new StepContext(param, grads, step, steps, sm, random);
                    for (ImageOp op : ops) {
                        if (op.phase() == ImageOp.Phase.BEFORE_STEP) {
                            op.apply(ctx);
                        }
                    }
                    rule.step(ctx);
                    for (ImageOp op : ops) {
                        if (op.phase() == ImageOp.Phase.AFTER_STEP) {
                            op.apply(ctx);
                        }
                    }
                    done = step + 1;
                    for (RenderListener l : listeners) {
                        l.stepped(step, last);
                    }
                    int at = done;
                    boolean keep = snapshotSteps.contains(at);
                    if (keep || listeners.stream().anyMatch(l -> wantsSnapshot(l, at))) {
                        NDArray snap = param.currentImage(sm);
                        for (RenderListener l : listeners) {
                            if (keep || wantsSnapshot(l, at)) {
                                l.snapshot(done, snap);
                            }
                        }
                        if (keep) {
                            NDArray kept = snap.duplicate();
                            kept.attach(out);
                            snaps.put(done, kept);
                        }
                    }
                }
                for (RenderListener l : listeners) {
                    if (l.cancelRequested()) {
                        throw new JobCancelledException(done);
                    }
                }
                if (stop.shouldStop(step, last)) {
                    break;
                }
            }
        } finally {
            rule.reset();
        }
        float[] end = measure(measured, measureRequest, fit);
        NDArray image;
        try (NDManager sm = param.manager().newSubManager()) {
            image = param.currentImage(sm).duplicate();
            image.attach(out);
        }
        RenderResult result = new RenderResult(image, start, end, last, done, snaps, (System.nanoTime() - t0) / 1e9);
        for (RenderListener l : listeners) {
            l.finished(result);
        }
        return result;
    }

    private static boolean wantsSnapshot(RenderListener l, int done) {
        int every = l.snapshotEvery();
        return every > 0 && done % every == 0;
    }

    private void checkFinite(float[] scores, int step) {
        for (int i = 0; i < scores.length; i++) {
            if (!Float.isFinite(scores[i])) {
                throw new VisorException("the objective of batch item " + i + " became " + scores[i] + " at step " + step
                        + "; lower the learning rate or add penalties");
            }
        }
    }

    /** The measured objective on the current image, no transforms, no gradients. */
    private float[] measure(Objective measured, ForwardRequest req, Transform fit) {
        try (NDManager sm = param.manager().newSubManager()) {
            NDArray image = param.currentImage(sm);
            NDArray x = fit.apply(image, new TransformContext(new RunRandom(0), 0, 1));
            Activations acts = model.forward(model.inputSpec().toModel(x), req);
            return measured.score(new Evaluation(acts, image)).toFloatArray();
        }
    }
}
