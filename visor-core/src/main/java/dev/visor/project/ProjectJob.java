package dev.visor.project;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.visor.VisorException;
import dev.visor.model.Activations;
import dev.visor.model.BackwardRule;
import dev.visor.model.ForwardRequest;
import dev.visor.model.InputBox;
import dev.visor.model.Model;
import dev.visor.model.ReceptiveField;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Zeiler and Fergus 2014 (REFERENCE.md §5): for the layer's strongest channels, keep the channel's
 * largest activation a_{c,y*,x*} alone, zero every other activation of the layer, and go down to the pixels:
 * max-unpool through the switches recorded in the forward pass, rectify, filter with the transposed weights.
 * That descent is the backward pass of a_{c,y*,x*} under {@link BackwardRule#DECONVNET} (rectifiers pass
 * max(g, 0) and ignore their forward mask); max pooling's backward sends g to the recorded argmax (the
 * switch) because autograd records {@code max_pool2d} (docs/ENGINE-FINDINGS.md), and a convolution's
 * backward is the transposed filter. All units go down in one pass: the image is repeated once per unit,
 * and batch item i's score is its own unit.
 */
public final class ProjectJob {
    private ProjectJob() {}

    /**
     * One projected unit.
     *
     * @param channel    the channel
     * @param x          column of its strongest position in the layer's map
     * @param y          row of it
     * @param activation the activation there
     * @param projection (C, H, W) signed map at the input size, in the caller's manager
     * @param field      the unit's receptive field in input pixels, clipped to the image
     */
    public record Unit(int channel, int x, int y, float activation, NDArray projection, InputBox field) {}

    /** The projections of one image, strongest unit first. */
    public record Result(String layer, NDArray image, List<Unit> units, ProjectSettings settings) {}

    /**
     * Projects the units.
     *
     * @param image01 (1, C, H, W) in [0, 1] at the model's input size; results live in its manager
     */
    public static Result run(Model model, NDArray image01, ProjectSettings s) {
        String layer = s.layer();
        model.resolve(layer);
        NDManager parent = image01.getManager();
        int h = (int) image01.getShape().get(2);
        int w = (int) image01.getShape().get(3);
        ReceptiveField rf = ReceptiveField.of(model, layer);
        try (NDManager step = parent.newSubManager()) {
            NDArray one = image01.duplicate();
            one.attach(step);
            NDArray act = model.forward(model.inputSpec().toModel(one), ForwardRequest.of(List.of(layer))).get(layer);
            long[] shape = act.getShape().getShape();
            checkSpatial(model, layer, act, step);
            int channels = (int) shape[1];
            int positions = (int) (shape[2] * shape[3]);
            float[] values = act.reshape(channels, positions).toFloatArray();
            int n = Math.min(s.topUnits(), channels);
            int[] best = new int[channels];
            float[] peak = new float[channels];
            for (int c = 0; c < channels; c++) {
                int arg = 0;
                for (int p = 1; p < positions; p++) {
                    if (values[c * positions + p] > values[c * positions + arg]) {
                        arg = p;
                    }
                }
                best[c] = arg;
                peak[c] = values[c * positions + arg];
            }
            int[] order = IntStream.range(0, channels).boxed()
                    .sorted(Comparator.comparingDouble((Integer c) -> -peak[c]).thenComparingInt(c -> c))
                    .limit(n).mapToInt(Integer::intValue).toArray();
            NDArray grads = project(model, one, layer, order, Arrays.stream(order).map(c -> best[c]).toArray(), shape);
            grads.attach(parent);
            List<Unit> units = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int c = order[i];
                int y = (int) (best[c] / shape[3]);
                int x = (int) (best[c] % shape[3]);
                units.add(new Unit(c, x, y, peak[c], grads.get(i), rf.box(x, y).clip(w, h)));
            }
            return new Result(layer, image01, units, s);
        }
    }

    /**
     * Refuses, in one line naming layers that would do, a layer without a spatial map larger than 1×1 at the
     * model's input size; one forward pass of a blank image, so callers can check before any other work.
     */
    public static void requireSpatial(Model model, String layer) {
        model.resolve(layer);
        try (NDManager m = model.manager().newSubManager()) {
            NDArray act = model.forward(m.zeros(model.inputSpec().batchShape(1)), ForwardRequest.of(List.of(layer))).get(layer);
            checkSpatial(model, layer, act, m);
        }
    }

    private static void checkSpatial(Model model, String layer, NDArray act, NDManager m) {
        long[] shape = act.getShape().getShape();
        if (shape.length != 4 || shape[2] * shape[3] <= 1) {
            throw new VisorException("layer '" + layer + "' has activation shape " + act.getShape()
                    + ", no spatial map to project from; pick a layer with an (N, C, H, W) map larger than 1x1, e.g. "
                    + String.join(", ", spatialLayers(model, m)));
        }
    }

    /**
     * The DeconvNet projections of units (channel, flat position) of a layer: one backward pass over a batch
     * that repeats the image, item i scoring its own unit. Returns (n, C, H, W) in {@code one}'s manager.
     */
    static NDArray project(Model model, NDArray one, String layer, int[] channels, int[] positions, long[] shape) {
        int n = channels.length;
        NDManager m = one.getManager();
        NDArray batch = one.repeat(0, n);
        batch.setRequiresGradient(true);
        float[] pick = new float[(int) (n * shape[1] * shape[2] * shape[3])];
        int per = (int) (shape[1] * shape[2] * shape[3]);
        for (int i = 0; i < n; i++) {
            pick[i * per + channels[i] * (int) (shape[2] * shape[3]) + positions[i]] = 1f;
        }
        NDArray mask = m.create(pick, new ai.djl.ndarray.types.Shape(n, shape[1], shape[2], shape[3]));
        ForwardRequest request = ForwardRequest.of(List.of(layer)).withRule(BackwardRule.DECONVNET);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            Activations a = model.forward(model.inputSpec().toModel(batch), request);
            a.backward(a.get(layer).mul(mask).sum());
        }
        NDArray g = batch.getGradient();
        NDArray out = g == null ? batch.zerosLike() : g.duplicate();
        out.attach(m);
        return out;
    }

    /** The layers with a spatial map larger than 1×1, for the error message. */
    private static List<String> spatialLayers(Model model, NDManager m) {
        List<String> names = model.layerNames();
        java.util.Map<String, NDArray> all = model.forward(m.zeros(model.inputSpec().batchShape(1)), ForwardRequest.of(names)).all();
        List<String> out = new ArrayList<>();
        for (String l : names) {
            NDArray v = all.get(model.resolve(l));
            if (v != null && v.getShape().dimension() == 4 && v.getShape().get(2) * v.getShape().get(3) > 1) {
                out.add(l);
            }
        }
        return out.size() > 6 ? List.of(out.get(0), out.get(1), out.get(out.size() / 2), out.get(out.size() - 1)) : out;
    }
}
