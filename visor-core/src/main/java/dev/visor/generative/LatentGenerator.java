package dev.visor.generative;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.visor.VisorException;
import dev.visor.model.Graph;
import dev.visor.model.InputSpec;
import dev.visor.model.Model;
import dev.visor.optvis.transform.Warp;
import dev.visor.report.NpyReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model used as an image generator G for a classifier: one input is the optimised code h (the latent input),
 * every other input is held fixed ({@code onehot:K}, {@code zeros} or a {@code .npy} file), and the first output,
 * an NCHW image with 1 or 3 channels in the value range [lo, hi], is mapped to the classifier's images
 * (NCHW in [0, 1], its channels and size): y ↦ (y − lo)/(hi − lo), grey repeated to RGB or RGB to luminance,
 * bilinear resize when the sizes differ. All of it is differentiable in h.
 *
 * <p>Everything is checked when it is made, by one dry pass at batch 1: an unknown input name, an input left
 * unset, a fixed value of the wrong shape or an output that is not an image give one line naming the
 * generator's inputs and shapes.
 */
public final class LatentGenerator implements AutoCloseable {
    private final Model model;
    private final String latentInput;
    private final long[] latentShape;
    private final Map<String, NDArray> fixed = new LinkedHashMap<>();
    private final Map<String, String> fixedText;
    private final String output;
    private final float lo;
    private final float hi;
    private final InputSpec target;
    private final long[] outputShape;
    private final NDManager manager;

    /**
     * @param model       the generator (its weights stay owned by the caller)
     * @param latentInput the optimised input; empty: the only input (an error when there are several)
     * @param fixedInputs every other input: name → {@code onehot:K}, {@code zeros} or a path to a {@code .npy}
     * @param lo          the value of a black pixel in G's output
     * @param hi          the value of a white pixel in G's output
     * @param target      the classifier's input (channels and size the images are mapped to)
     */
    public LatentGenerator(Model model, String latentInput, Map<String, String> fixedInputs, float lo, float hi, InputSpec target) {
        this.model = model;
        this.lo = lo;
        this.hi = hi;
        this.target = target;
        this.fixedText = Map.copyOf(fixedInputs);
        if (!(hi > lo) || !Float.isFinite(lo) || !Float.isFinite(hi)) {
            throw new VisorException("generator range " + lo + "," + hi + " needs lo < hi (e.g. --generator-range -1,1)");
        }
        Graph g = model.graph();
        List<String> inputs = g.inputNames();
        if (inputs.isEmpty()) {
            throw new VisorException("generator " + model.source() + " has no inputs");
        }
        if (latentInput == null || latentInput.isEmpty()) {
            List<String> free = inputs.stream().filter(n -> !fixedInputs.containsKey(n)).toList();
            if (free.size() != 1) {
                throw new VisorException("generator " + model.source() + " has " + inputs.size() + " inputs (" + describeInputs()
                        + "); name the optimised one with --latent-input");
            }
            latentInput = free.get(0);
        }
        if (!inputs.contains(latentInput)) {
            throw new VisorException("unknown latent input '" + latentInput + "' of generator " + model.source()
                    + "; its inputs: " + describeInputs());
        }
        this.latentInput = latentInput;
        for (String name : fixedInputs.keySet()) {
            if (!inputs.contains(name)) {
                throw new VisorException("unknown input '" + name + "' in --fix-input for generator " + model.source()
                        + "; its inputs: " + describeInputs());
            }
            if (name.equals(latentInput)) {
                throw new VisorException("input '" + name + "' is both the latent input and fixed; fix only the others");
            }
        }
        for (String name : inputs) {
            if (!name.equals(latentInput) && !fixedInputs.containsKey(name)) {
                throw new VisorException("input '" + name + "' " + shapeText(inputShape(name)) + " of generator " + model.source()
                        + " is not set; give --fix-input " + name + "=onehot:K|zeros|FILE.npy (its inputs: " + describeInputs() + ")");
            }
        }
        long[] ls = inputShape(latentInput).clone();
        if (ls.length < 2) {
            throw new VisorException("latent input '" + latentInput + "' of generator " + model.source() + " has shape "
                    + shapeText(ls) + "; it needs a batch dimension and a code (N, d, ...)");
        }
        for (int i = 1; i < ls.length; i++) {
            if (ls[i] <= 0) {
                throw new VisorException("latent input '" + latentInput + "' of generator " + model.source() + " has a free dimension "
                        + shapeText(ls) + "; Visor needs the code's size");
            }
        }
        this.latentShape = Arrays.copyOfRange(ls, 1, ls.length);
        this.manager = model.manager().newSubManager();
        this.output = g.outputs().get(0);
        try {
            for (Map.Entry<String, String> e : fixedInputs.entrySet()) {
                fixed.put(e.getKey(), fixedValue(e.getKey(), e.getValue()));
            }
            this.outputShape = dryRun();
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** The code's shape without the batch dimension. */
    public long[] latentShape() {
        return latentShape.clone();
    }

    /** The code's size (product of {@link #latentShape()}). */
    public int latentSize() {
        long n = 1;
        for (long d : latentShape) {
            n *= d;
        }
        return (int) n;
    }

    /** The optimised input's name. */
    public String latentInput() {
        return latentInput;
    }

    /** The fixed inputs as given (name → value text). */
    public Map<String, String> fixedInputs() {
        return fixedText;
    }

    /** The current value of a fixed input (batch 1), for checks; do not close it. */
    public NDArray fixedValue(String name) {
        return fixed.get(name);
    }

    /** The generator model. */
    public Model model() {
        return model;
    }

    /** The classifier's channels the images are mapped to. */
    public int targetChannels() {
        return target.channels();
    }

    /** The classifier's input height. */
    public int targetHeight() {
        return target.height();
    }

    /** The classifier's input width. */
    public int targetWidth() {
        return target.width();
    }

    /** The shape of G's raw output at batch 1. */
    public long[] outputShape() {
        return outputShape.clone();
    }

    /** The images for a batch of codes (N, latentShape...): NCHW in [0, 1] at the classifier's channels and size. */
    public NDArray images(NDArray h) {
        long n = h.getShape().get(0);
        Map<String, NDArray> feeds = new LinkedHashMap<>();
        feeds.put(latentInput, h);
        for (Map.Entry<String, NDArray> e : fixed.entrySet()) {
            NDArray v = e.getValue();
            feeds.put(e.getKey(), n == 1 ? v : v.repeat(0, n));
        }
        NDArray y = model.run(feeds).get(output);
        return toClassifier(y);
    }

    /** Maps raw outputs of G (NCHW, range [lo, hi]) to the classifier's images. */
    NDArray toClassifier(NDArray y) {
        NDManager m = y.getManager();
        NDArray x = y.sub(m.create(lo)).div(m.create(hi - lo));
        long c = x.getShape().get(1);
        if (c == 1 && target.channels() == 3) {
            x = x.repeat(1, 3);
        } else if (c == 3 && target.channels() == 1) {
            NDArray w = m.create(new float[] {0.299f, 0.587f, 0.114f}).reshape(1, 3, 1, 1);
            x = x.mul(w).sum(new int[] {1}, true);
        }
        if (x.getShape().get(2) != target.height() || x.getShape().get(3) != target.width()) {
            x = Warp.resize(x, target.height(), target.width());
        }
        return x;
    }

    /** The inputs as {@code name [N,d]} for messages. */
    public String describeInputs() {
        List<String> parts = new ArrayList<>();
        for (String name : model.graph().inputNames()) {
            parts.add(name + " " + shapeText(inputShape(name)));
        }
        return String.join(", ", parts);
    }

    /** A description for sidecars. */
    public String describe() {
        return model.source() + " (latent " + latentInput + " " + shapeText(inputShape(latentInput))
                + (fixedText.isEmpty() ? "" : ", fixed " + fixedText) + ", range [" + lo + ", " + hi + "], output "
                + shapeText(outputShape) + ")";
    }

    private long[] inputShape(String name) {
        Graph g = model.graph();
        if (name.equals(g.inputName())) {
            return g.inputShape();
        }
        long[] s = g.initializers().get(name).getShape().getShape().clone();
        if (s.length > 0) {
            s[0] = -1;
        }
        return s;
    }

    private static String shapeText(long[] s) {
        return Arrays.toString(s).replace("-1", "N").replace(" ", "");
    }

    private NDArray fixedValue(String name, String text) {
        long[] s = inputShape(name).clone();
        s[0] = 1;
        for (int i = 1; i < s.length; i++) {
            if (s[i] <= 0) {
                throw new VisorException("input '" + name + "' of generator " + model.source() + " has a free dimension "
                        + shapeText(inputShape(name)) + "; give it as a .npy file of batch 1");
            }
        }
        Shape shape = new Shape(s);
        String t = text.strip();
        if (t.equals("zeros")) {
            return manager.zeros(shape, DataType.FLOAT32);
        }
        if (t.startsWith("onehot:")) {
            int k;
            try {
                k = Integer.parseInt(t.substring(7).strip());
            } catch (NumberFormatException e) {
                throw new VisorException("bad --fix-input " + name + "=" + text + "; use onehot:K with an integer K");
            }
            if (s.length != 2 || k < 0 || k >= s[1]) {
                throw new VisorException("--fix-input " + name + "=onehot:" + k + " does not fit input '" + name + "' "
                        + shapeText(inputShape(name)) + "; onehot needs a (N, d) input and 0 <= K < d");
            }
            float[] v = new float[(int) s[1]];
            v[k] = 1f;
            return manager.create(v, shape);
        }
        if (t.endsWith(".npy")) {
            NpyReader r = NpyReader.read(Path.of(t));
            long[] want = Arrays.copyOfRange(s, 1, s.length);
            long[] got = r.shape();
            long[] gotTail = got.length == s.length && got[0] == 1 ? Arrays.copyOfRange(got, 1, got.length) : got;
            if (!Arrays.equals(gotTail, want)) {
                throw new VisorException("--fix-input " + name + "=" + t + " holds shape " + Arrays.toString(got)
                        + "; input '" + name + "' needs " + shapeText(inputShape(name)) + " (one item, with or without the batch axis)");
            }
            return manager.create(r.values(), shape);
        }
        if (!Files.exists(Path.of(t)) && !t.contains("/")) {
            throw new VisorException("bad --fix-input " + name + "=" + text + "; use onehot:K, zeros or FILE.npy");
        }
        throw new VisorException("--fix-input " + name + "=" + text + ": only .npy files are read (numpy.save)");
    }

    private long[] dryRun() {
        try (NDManager m = manager.newSubManager()) {
            long[] s = new long[latentShape.length + 1];
            s[0] = 1;
            System.arraycopy(latentShape, 0, s, 1, latentShape.length);
            Map<String, NDArray> feeds = new LinkedHashMap<>();
            feeds.put(latentInput, m.zeros(new Shape(s), DataType.FLOAT32));
            feeds.putAll(fixed);
            NDArray y;
            try {
                y = model.run(feeds).get(output);
            } catch (VisorException e) {
                throw new VisorException("generator " + model.source() + " fails on a code of shape " + shapeText(s)
                        + " (inputs: " + describeInputs() + "): " + e.getMessage(), e);
            }
            long[] ys = y.getShape().getShape();
            boolean image = ys.length == 4 && (ys[1] == 1 || ys[1] == 3) && ys[2] > 1 && ys[3] > 1;
            if (!image) {
                throw new VisorException("generator output '" + output + "' has shape " + shapeText(ys) + " (rank " + ys.length
                        + "); Visor maps an NCHW image output (N, 1 or 3, H, W) to the classifier's input "
                        + target.channels() + "x" + target.height() + "x" + target.width() + "; generator inputs: " + describeInputs());
            }
            return ys;
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
