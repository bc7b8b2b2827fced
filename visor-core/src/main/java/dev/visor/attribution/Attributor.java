package dev.visor.attribution;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.visor.engine.GradScope;
import dev.visor.VisorException;
import dev.visor.model.Activations;
import dev.visor.model.Attributes;
import dev.visor.model.BackwardRule;
import dev.visor.model.ForwardRequest;
import dev.visor.model.Model;
import dev.visor.model.Node;
import dev.visor.model.Op;
import dev.visor.model.OpContext;
import dev.visor.model.OpRegistry;
import dev.visor.optvis.objective.Evaluation;
import dev.visor.optvis.objective.Objective;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs the attribution methods on a model: each is one forward and one backward pass through the
 * model's own backward-rule and gradient-leaf seam ({@link ForwardRequest}), so no method has a
 * second implementation of the network. Guided Grad-CAM combines the guided and Grad-CAM passes.
 */
public final class Attributor {
    private static final Node UPSAMPLE = Node.of("attribution_upsample", "Resize", List.of("x", "", "", "sizes"), "y",
            Attributes.builder().put("mode", "linear").put("coordinate_transformation_mode", "half_pixel").build());

    private final Model model;
    private final Op upsample;

    /** @param model the model to explain */
    public Attributor(Model model) {
        this.model = model;
        this.upsample = OpRegistry.standard().create(UPSAMPLE, "attribution");
    }

    /**
     * Runs every method of the settings on a batch.
     *
     * @param images01 (N, C, H, W) images in [0, 1] at the model's input size; results live in its manager
     */
    public List<AttributionMap> run(NDArray images01, Attribution settings) {
        String layer = needsLayer(settings.methods()) ? gradCamLayer(settings) : settings.layer();
        List<AttributionMap> out = new ArrayList<>();
        AttributionMap guided = null;
        AttributionMap cam = null;
        for (AttributionMethod m : settings.methods()) {
            AttributionMap r;
            if (m == AttributionMethod.GUIDED_GRAD_CAM) {
                guided = guided != null ? guided : run(images01, AttributionMethod.GUIDED_BACKPROP, settings.target(), layer);
                cam = cam != null ? cam : run(images01, AttributionMethod.GRAD_CAM, settings.target(), layer);
                r = guidedGradCam(guided, cam);
            } else {
                r = run(images01, m, settings.target(), layer);
            }
            if (m == AttributionMethod.GUIDED_BACKPROP) {
                guided = r;
            } else if (m == AttributionMethod.GRAD_CAM) {
                cam = r;
            }
            out.add(r);
        }
        return out;
    }

    /**
     * One method (not Guided Grad-CAM, which {@link #run(NDArray, Attribution)} composes).
     *
     * @param target the score, or null for each image's top-1 class logit
     * @param layer  the Grad-CAM layer, or null for the default
     */
    public AttributionMap run(NDArray images01, AttributionMethod method, Objective target, String layer) {
        if (method == AttributionMethod.GUIDED_GRAD_CAM) {
            return run(images01, new Attribution(List.of(method), target, layer)).get(0);
        }
        NDManager parent = images01.getManager();
        boolean cam = method == AttributionMethod.GRAD_CAM;
        String camLayer = cam ? (layer != null ? layer : defaultLayer(target)) : null;
        BackwardRule rule = switch (method) {
            case GUIDED_BACKPROP -> BackwardRule.GUIDED;
            case DECONVNET -> BackwardRule.DECONVNET;
            default -> BackwardRule.PLAIN;
        };
        Set<String> layers = new LinkedHashSet<>(target == null ? List.of(model.graph().outputs().get(0)) : target.layers());
        if (camLayer != null) {
            layers.add(camLayer);
        }
        ForwardRequest request = ForwardRequest.of(List.copyOf(layers)).withRule(rule)
                .withLeaves(camLayer == null ? Set.of() : Set.of(camLayer));
        try (NDManager step = parent.newSubManager()) {
            NDArray leaf = images01.duplicate();
            leaf.attach(step);
            leaf.setRequiresGradient(!cam);
            NDArray grad;
            NDArray act;
            float[] scores;
            int[] classes = null;
            try (GradScope grad0 = GradScope.open()) { // per thread: concurrent jobs in one JVM (serve's workers, Spark)
                Activations a = model.forward(model.inputSpec().toModel(leaf), request);
                NDArray score;
                if (target == null) {
                    NDArray logits = a.output().reshape(a.output().getShape().get(0), -1);
                    NDArray top = logits.stopGradient().argMax(1);
                    classes = Arrays.stream(top.toLongArray()).mapToInt(Math::toIntExact).toArray();
                    score = logits.mul(top.oneHot((int) logits.getShape().get(1)).toType(logits.getDataType(), false)).sum(new int[] {1});
                } else {
                    score = target.score(new Evaluation(a, leaf));
                }
                scores = score.toFloatArray();
                try {
                    a.backward(score.sum());
                } catch (RuntimeException e) {
                    if (!cam || !String.valueOf(e.getMessage()).contains("does not require grad")) {
                        throw e;
                    }
                    throw unreachable(target, camLayer);
                }
                if (cam) {
                    act = a.get(camLayer).stopGradient();
                    try {
                        grad = a.gradient(camLayer).duplicate();
                    } catch (VisorException e) {
                        throw unreachable(target, camLayer);
                    }
                } else {
                    act = null;
                    NDArray g = leaf.getGradient();
                    grad = g == null ? leaf.zerosLike() : g.duplicate();
                }
            }
            AttributionMap r = cam ? gradCam(images01, act, grad, scores, classes, target, camLayer)
                    : inputMap(method, grad, scores, classes, target);
            for (NDArray x : new NDArray[] {r.map(), r.weights(), r.coarse()}) {
                if (x != null) {
                    x.attach(parent);
                }
            }
            return r;
        }
    }

    private static VisorException unreachable(Objective target, String layer) {
        return new VisorException("no gradient of the target " + describe(target) + " reaches Grad-CAM layer '" + layer
                + "'; pick a layer below the target with --layer");
    }

    private AttributionMap inputMap(AttributionMethod method, NDArray grad, float[] scores, int[] classes, Objective target) {
        NDArray map = method == AttributionMethod.SALIENCY ? grad.abs().max(new int[] {1}) : grad;
        return new AttributionMap(method, map, scores, classes, describe(target), null, null, null);
    }

    private AttributionMap gradCam(NDArray images01, NDArray act, NDArray grad, float[] scores, int[] classes,
                                   Objective target, String layer) {
        if (act.getShape().dimension() != 4 || act.getShape().get(2) * act.getShape().get(3) <= 1) {
            throw new VisorException("Grad-CAM needs a layer with a spatial (N, C, H, W) activation larger than 1x1; '" + layer + "' has shape "
                    + act.getShape() + " (pick another with --layer)");
        }
        long n = act.getShape().get(0);
        long k = act.getShape().get(1);
        NDArray weights = grad.reshape(n, k, -1).mean(new int[] {2});
        NDArray coarse = act.mul(weights.reshape(n, k, 1, 1)).sum(new int[] {1}).maximum(0f);
        long h = images01.getShape().get(2);
        long w = images01.getShape().get(3);
        NDArray fine = bilinear(coarse.expandDims(1), h, w).squeeze(1).maximum(0f);
        return new AttributionMap(AttributionMethod.GRAD_CAM, fine, scores, classes, describe(target), layer, weights, coarse);
    }

    private static AttributionMap guidedGradCam(AttributionMap guided, AttributionMap cam) {
        NDArray map = guided.map().mul(cam.map().expandDims(1));
        return new AttributionMap(AttributionMethod.GUIDED_GRAD_CAM, map, cam.scores(), cam.classes(), cam.target(), cam.layer(),
                cam.weights(), cam.coarse());
    }

    /** Bilinear resize of (N, C, h, w) to (N, C, H, W) through the model's own ONNX Resize op (half-pixel centres). */
    NDArray bilinear(NDArray x, long h, long w) {
        long[] s = x.getShape().getShape();
        NDArray sizes = x.getManager().create(new long[] {s[0], s[1], h, w});
        return upsample.apply(new OpContext(x.getManager(), false, UPSAMPLE), Arrays.asList(x, null, null, sizes)).get(0);
    }

    private static boolean needsLayer(List<AttributionMethod> methods) {
        return methods.contains(AttributionMethod.GRAD_CAM) || methods.contains(AttributionMethod.GUIDED_GRAD_CAM);
    }

    private String gradCamLayer(Attribution settings) {
        return settings.layer() != null ? settings.layer() : defaultLayer(settings.target());
    }

    /**
     * The default Grad-CAM layer: the last layer, in execution order and before the target's layers,
     * whose activation is spatial (rank 4 with more than one position).
     */
    public String defaultLayer(Objective target) {
        List<String> names = model.layerNames();
        Set<String> targetTensors = new HashSet<>();
        for (String l : target == null ? List.of(model.graph().outputs().get(0)) : target.layers()) {
            targetTensors.add(model.resolve(l));
        }
        int end = names.size();
        for (int i = 0; i < names.size(); i++) {
            if (targetTensors.contains(model.resolve(names.get(i)))) {
                end = Math.min(end, i);
            }
        }
        try (NDManager m = model.manager().newSubManager()) {
            Map<String, NDArray> values = model.forward(m.zeros(model.inputSpec().batchShape(1)), ForwardRequest.of(names)).all();
            for (int i = end - 1; i >= 0; i--) {
                NDArray v = values.get(model.resolve(names.get(i)));
                if (v != null && v.getShape().dimension() == 4 && v.getShape().get(2) * v.getShape().get(3) > 1) {
                    return names.get(i);
                }
            }
        }
        throw new VisorException("no layer with a spatial activation lies below the target " + describe(target)
                + " in " + model.source() + "; name one with --layer");
    }

    private static String describe(Objective target) {
        return target == null ? "top-1 class logit" : target.describe();
    }
}
