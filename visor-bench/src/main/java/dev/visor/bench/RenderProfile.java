package dev.visor.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.visor.engine.GradScope;
import dev.visor.engine.RunRandom;
import dev.visor.model.Activations;
import dev.visor.model.ForwardRequest;
import dev.visor.model.Model;
import dev.visor.optvis.RenderPlan;
import dev.visor.optvis.RenderSettings;
import dev.visor.optvis.objective.Evaluation;
import dev.visor.optvis.objective.Objective;
import dev.visor.optvis.param.Parameterization;
import dev.visor.optvis.step.StepContext;
import dev.visor.optvis.step.StepRule;
import dev.visor.optvis.transform.FitToModel;
import dev.visor.optvis.transform.Transform;
import dev.visor.optvis.transform.TransformContext;
import dev.visor.optvis.transform.Transforms;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a preset step's time goes: each part of the step run on its own, forward and backward, interleaved round by
 * round so that load hits all parts alike. The parts are the parameterisation's image (from fresh gradient leaves),
 * the transforms with the fit to the model, the model's forward and backward on a fixed input, and the step rule on
 * fixed gradients; what the whole step costs beyond their sum is the loop's glue (leaves, objective, score read-back).
 */
final class RenderProfile {
    private RenderProfile() {}

    /** Median ms of each part, in the order image, transforms, model, step rule. */
    static double[] parts(Model m, Objective o, RenderSettings s, int batch, NDManager root, int runs) {
        long[] want = m.graph().inputShape();
        Transform fit = new FitToModel((int) want[2], (int) want[3]);
        List<Transform> chain = new ArrayList<>(Transforms.standard(s.pad(), s.jitter(), s.scaleMin(), s.scaleMax(), s.rotate(), s.jitter2()));
        chain.add(fit);
        RunRandom random = new RunRandom(7);
        ForwardRequest req = ForwardRequest.of(List.copyOf(o.layers()));
        try (Parameterization p = RenderPlan.parameterization(s, m, batch, random.split(), root)) {
            StepRule rule = RenderPlan.stepRule(s);
            rule.reset();
            Shape shape = p.imageShape();
            NDArray fixedImage = random.uniform(p.manager(), shape, 0, 1);
            NDArray fixedInput = random.uniform(p.manager(), new Shape(batch, shape.get(1), want[2], want[3]), 0, 1);
            List<NDArray> fixedGrads = new ArrayList<>();
            for (NDArray q : p.parameters()) {
                fixedGrads.add(random.normal(p.manager(), q.getShape(), 1e-3f));
            }
            int[] step = {0};
            Runnable image = () -> {
                try (NDManager sm = p.manager().newSubManager(); GradScope g = GradScope.open()) {
                    List<NDArray> leaves = leaves(p.parameters(), sm);
                    NDArray img = p.image(leaves);
                    backward(img.sum());
                    leaves.get(0).getGradient().toFloatArray();
                }
            };
            Runnable transforms = () -> {
                try (NDManager sm = p.manager().newSubManager(); GradScope g = GradScope.open()) {
                    NDArray leaf = leaves(List.of(fixedImage), sm).get(0);
                    TransformContext tc = new TransformContext(random, step[0]++, 512);
                    NDArray x = Transforms.apply(chain, leaf, tc);
                    backward(x.sum());
                    leaf.getGradient().toFloatArray();
                }
            };
            Runnable model = () -> {
                try (NDManager sm = p.manager().newSubManager(); GradScope g = GradScope.open()) {
                    NDArray in = leaves(List.of(fixedInput), sm).get(0);
                    Activations a = m.forward(m.inputSpec().toModel(in), req);
                    a.backward(o.score(new Evaluation(a, in)).sum());
                    in.getGradient().toFloatArray();
                }
            };
            Runnable update = () -> {
                try (NDManager sm = p.manager().newSubManager()) {
                    List<NDArray> grads = new ArrayList<>();
                    for (NDArray g : fixedGrads) {
                        NDArray c = g.duplicate();
                        c.attach(sm);
                        grads.add(c);
                    }
                    rule.step(new StepContext(p, grads, step[0], 512, sm, random));
                    p.parameters().get(0).toFloatArray();
                }
            };
            double[] t = Timing.interleavedMedianMs(RenderBench.WARMUP, runs, image, transforms, model, update);
            rule.reset();
            return t;
        }
    }

    private static void backward(NDArray x) {
        JniUtils.backward((PtNDArray) x, (PtNDArray) x.onesLike(), false, false);
    }

    private static List<NDArray> leaves(List<NDArray> values, NDManager sm) {
        List<NDArray> out = new ArrayList<>();
        for (NDArray v : values) {
            NDArray leaf = v.duplicate();
            leaf.attach(sm);
            leaf.setRequiresGradient(true);
            out.add(leaf);
        }
        return out;
    }
}
