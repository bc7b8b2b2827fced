package dev.visor.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.visor.VisorException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The receptive field of the units of one layer: which model-input pixels a unit can see, from the graph
 * alone (no forward pass).
 *
 * <p>Per spatial axis every tensor reachable from the input gets an affine map: cumulative jump {@code J}
 * (input pixels between neighbouring units), start {@code S} (input coordinate of unit 0's first pixel,
 * negative inside the padding) and size {@code R}. Unit {@code x} sees {@code [S + x·J, S + x·J + R)}.
 * The input has {@code J = 1, S = 0, R = 1}. Walking the graph from the input:
 * <ul>
 *   <li>Conv, MaxPool, AveragePool, LpPool with kernel {@code k}, stride {@code s}, dilation {@code d} and
 *       begin pad {@code p} (explicit, or from {@code auto_pad} SAME_UPPER / SAME_LOWER / VALID):
 *       {@code J' = J·s}, {@code S' = S − p·J}, {@code R' = R + (k − 1)·d·J}. Exact (with dilation the
 *       field has holes; this is its hull).</li>
 *   <li>Pad with begin pad {@code p} (negative crops): {@code S' = S − p·J}.</li>
 *   <li>ConvTranspose (output {@code y} reads inputs {@code x} with {@code x·s + i·d − p = y}):
 *       {@code J' = J/s}, {@code S' = S + (p − (k − 1)·d)·J/s}, {@code R' = R + (k − 1)·d·J/s}; the hull
 *       of the real solutions, so up to {@code J·(s − 1)/s} wider than exact on each side.</li>
 *   <li>Resize / Upsample: output {@code y} samples input coordinate {@code u = y·r + c} ({@code r = 1/scale},
 *       or {@code (in − 1)/(out − 1)} for align_corners; {@code c} the half-pixel shift) and reads the
 *       input units within {@code m} of {@code u} ({@code m = 1} nearest and linear, 2 cubic):
 *       {@code J' = J·r}, {@code S' = S + (c − m)·J}, {@code R' = R + 2m·J}. An approximation that is never
 *       smaller than the true field: for nearest upsampling by {@code s} it is up to {@code 2J} wider.</li>
 *   <li>Element-wise ops, activations, normalisations over channels, Concat/Split/Softmax along channels:
 *       unchanged. An op with several inputs that depend on the image takes the union of their fields
 *       (min start, max end); inputs that are weights or constants are ignored.</li>
 *   <li>Global pooling, Flatten, Gemm, MatMul, Reshape, Transpose, InstanceNormalization, an op along a
 *       spatial axis and every op not named here: the whole input (never an under-estimate).</li>
 * </ul>
 * Boxes are rounded outwards to whole pixels; with integer jumps (no Resize or ConvTranspose) they are exact.
 */
public final class ReceptiveField {
    /** One spatial axis: start, jump, size, and the tensor's length along it (-1 when unknown). */
    private record Axis(double start, double jump, double size, long length) {
        Axis window(int k, int s, int d, long padBegin, long outLength) {
            return new Axis(start - padBegin * jump, jump * s, size + (k - 1L) * d * jump, outLength);
        }
    }

    /** The field of a tensor: rows and columns, or the whole input. */
    private record Field(Axis rows, Axis cols, boolean whole) {
        static final Field WHOLE = new Field(null, null, true);
    }

    private static final Set<String> PASS_THROUGH = Set.of(
            "Relu", "LeakyRelu", "PRelu", "Elu", "Selu", "Celu", "Sigmoid", "HardSigmoid", "HardSwish", "Tanh",
            "Softplus", "Softsign", "Mish", "Gelu", "Erf", "ThresholdedRelu", "Clip", "Abs", "Neg", "Exp", "Log",
            "Sqrt", "Reciprocal", "Floor", "Ceil", "Round", "Sign", "Sin", "Cos", "Identity", "Dropout", "Cast",
            "BatchNormalization", "LRN", "Add", "Sub", "Mul", "Div", "Pow", "Max", "Min", "Sum", "Mean", "Where",
            "Equal", "Greater", "Less", "GreaterOrEqual", "LessOrEqual", "Not", "And", "Or");
    /** Ops that keep spatial positions apart when they work along {@code axis} 1 (channels). */
    private static final Set<String> ALONG_AXIS = Set.of("Concat", "Split", "Softmax", "LogSoftmax", "Hardmax",
            "LpNormalization", "ArgMax", "ArgMin", "CumSum");

    private final String layer;
    private final Field field;
    private final int inputHeight;
    private final int inputWidth;

    private ReceptiveField(String layer, Field field, int inputHeight, int inputWidth) {
        this.layer = layer;
        this.field = field;
        this.inputHeight = inputHeight;
        this.inputWidth = inputWidth;
    }

    /**
     * The receptive field of a layer's units.
     *
     * @param layer a layer alias, node name or tensor name ({@link Model#resolve})
     * @throws VisorException from {@link Model#resolve} for an unknown layer, or for attributes the walk
     *                        cannot read (e.g. a SAME-padded stride whose input length is unknown)
     */
    public static ReceptiveField of(Model model, String layer) {
        String tensor = model.resolve(layer);
        Graph g = model.graph();
        long[] in = g.inputShape();
        int h = in.length >= 4 && in[2] > 0 ? (int) in[2] : model.inputSpec().height();
        int w = in.length >= 4 && in[3] > 0 ? (int) in[3] : model.inputSpec().width();
        Map<String, Field> fields = new HashMap<>();
        fields.put(g.inputName(), new Field(new Axis(0, 1, 1, h), new Axis(0, 1, 1, w), false));
        for (Node n : model.nodes()) {
            if (fields.containsKey(tensor)) {
                break;
            }
            List<Field> ins = new ArrayList<>();
            for (String i : n.inputs()) {
                Field f = fields.get(i);
                if (f != null) {
                    ins.add(f);
                }
            }
            if (ins.isEmpty()) {
                continue; // a constant subgraph
            }
            Field out;
            try {
                out = step(n, ins, fields.get(n.inputs().get(0)), g);
            } catch (RuntimeException e) {
                if (e instanceof VisorException) {
                    throw e;
                }
                throw new VisorException("cannot follow the receptive field through node '" + n.name() + "' ("
                        + n.opType() + ") of " + model.source() + ": " + e.getMessage(), e);
            }
            for (String o : n.outputs()) {
                if (!o.isEmpty()) {
                    fields.put(o, out);
                }
            }
        }
        Field f = fields.get(tensor);
        return new ReceptiveField(layer, f == null ? Field.WHOLE : f, h, w);
    }

    /** The field of a node's output, given the fields of its image-dependent inputs and of its first input. */
    private static Field step(Node n, List<Field> ins, Field first, Graph g) {
        Attributes a = n.attributes();
        String op = n.opType();
        if (ins.stream().anyMatch(Field::whole)) {
            return Field.WHOLE;
        }
        switch (op) {
            case "Conv", "MaxPool", "AveragePool", "LpPool" -> {
                if (first == null) {
                    return Field.WHOLE;
                }
                int[] k = a.getInts("kernel_shape", null);
                if (k == null && op.equals("Conv")) {
                    k = kernelFromWeight(n, g);
                }
                if (k == null || k.length != 2) {
                    return Field.WHOLE;
                }
                int[] s = a.getInts("strides", new int[] {1, 1});
                int[] d = a.getInts("dilations", new int[] {1, 1});
                int[] pads = a.getInts("pads", new int[4]);
                String autoPad = a.getString("auto_pad", "NOTSET");
                boolean ceil = a.getInt("ceil_mode", 0) == 1;
                return new Field(window(n, first.rows(), 0, k, s, d, pads, autoPad, ceil),
                        window(n, first.cols(), 1, k, s, d, pads, autoPad, ceil), false);
            }
            case "ConvTranspose" -> {
                return first == null ? Field.WHOLE : convTranspose(n, first, g);
            }
            case "Pad" -> {
                return first == null ? Field.WHOLE : pad(n, first, g);
            }
            case "Resize", "Upsample" -> {
                return first == null ? Field.WHOLE : resize(n, first, g);
            }
            default -> {
                if (PASS_THROUGH.contains(op) || ALONG_AXIS.contains(op) && channelAxis(a, op)) {
                    return union(ins);
                }
                return Field.WHOLE;
            }
        }
    }

    private static boolean channelAxis(Attributes a, String op) {
        long dflt = op.equals("Softmax") || op.equals("LogSoftmax") || op.equals("Hardmax") || op.equals("LpNormalization")
                ? -1 : 0;
        // Negative axes count from the end; on NCHW only axis 1 (= -3) keeps positions apart.
        long axis = a.getLong("axis", dflt);
        return axis == 1 || axis == -3;
    }

    private static Field union(List<Field> ins) {
        Field f = ins.get(0);
        for (Field o : ins.subList(1, ins.size())) {
            Axis r = unionAxis(f.rows(), o.rows());
            Axis c = unionAxis(f.cols(), o.cols());
            if (r == null || c == null) {
                return Field.WHOLE;
            }
            f = new Field(r, c, false);
        }
        return f;
    }

    /** Union of two fields with the same jump; null when the jumps differ (the union is not affine). */
    private static Axis unionAxis(Axis a, Axis b) {
        if (a.jump() != b.jump()) {
            return null;
        }
        double start = Math.min(a.start(), b.start());
        double end = Math.max(a.start() + a.size(), b.start() + b.size());
        return new Axis(start, a.jump(), end - start, Math.max(a.length(), b.length()));
    }

    private static Axis window(Node n, Axis in, int axis, int[] k, int[] s, int[] d, int[] pads, String autoPad,
            boolean ceil) {
        int ke = (k[axis] - 1) * d[axis] + 1;
        long begin;
        long total;
        switch (autoPad) {
            case "SAME_UPPER", "SAME_LOWER" -> {
                if (s[axis] > 1 && in.length() < 0) {
                    throw new VisorException("node '" + n.name() + "' pads SAME with stride " + s[axis]
                            + " on an axis of unknown length; its receptive field is undefined");
                }
                long out = (in.length() + s[axis] - 1) / s[axis];
                total = s[axis] == 1 ? ke - 1 : Math.max(0, (out - 1) * s[axis] + ke - in.length());
                begin = autoPad.equals("SAME_UPPER") ? total / 2 : total - total / 2;
            }
            case "VALID" -> {
                begin = 0;
                total = 0;
            }
            default -> {
                begin = pads[axis];
                total = pads[axis] + pads[axis + 2];
            }
        }
        long outLength = -1;
        if (in.length() >= 0) {
            long span = in.length() + total - ke;
            outLength = (ceil ? Math.floorDiv(span + s[axis] - 1, s[axis]) : Math.floorDiv(span, s[axis])) + 1;
        }
        return in.window(k[axis], s[axis], d[axis], begin, outLength);
    }

    private static int[] kernelFromWeight(Node n, Graph g) {
        NDArray w = n.inputs().size() > 1 ? g.initializers().get(n.inputs().get(1)) : null;
        if (w == null || w.getShape().dimension() != 4) {
            return null;
        }
        return new int[] {(int) w.getShape().get(2), (int) w.getShape().get(3)};
    }

    private static Field convTranspose(Node n, Field first, Graph g) {
        Attributes a = n.attributes();
        int[] k = a.getInts("kernel_shape", null);
        if (k == null) {
            k = kernelFromWeight(n, g);
        }
        if (k == null || k.length != 2 || a.has("output_shape")
                || !a.getString("auto_pad", "NOTSET").equals("NOTSET") && !a.getString("auto_pad", "").equals("VALID")) {
            return Field.WHOLE;
        }
        int[] s = a.getInts("strides", new int[] {1, 1});
        int[] d = a.getInts("dilations", new int[] {1, 1});
        int[] pads = a.getInts("pads", new int[4]);
        int[] outPad = a.getInts("output_padding", new int[2]);
        Axis[] axes = {first.rows(), first.cols()};
        Axis[] out = new Axis[2];
        for (int i = 0; i < 2; i++) {
            Axis x = axes[i];
            long ke = (k[i] - 1L) * d[i];
            double j = x.jump() / s[i];
            long length = x.length() < 0 ? -1 : s[i] * (x.length() - 1) + outPad[i] + ke + 1 - pads[i] - pads[i + 2];
            out[i] = new Axis(x.start() + (pads[i] - ke) * j, j, x.size() + ke * j, length);
        }
        return new Field(out[0], out[1], false);
    }

    private static Field pad(Node n, Field first, Graph g) {
        Attributes a = n.attributes();
        long[] pads = a.getLongs("pads", null);
        if (pads == null && n.inputs().size() > 1) {
            pads = constantLongs(n.inputs().get(1), g);
        }
        long[] axes = n.inputs().size() > 3 && !n.inputs().get(3).isEmpty() ? constantLongs(n.inputs().get(3), g) : null;
        if (pads == null || n.inputs().size() > 3 && !n.inputs().get(3).isEmpty() && axes == null) {
            return Field.WHOLE;
        }
        int r = pads.length / 2;
        long rowPad = 0;
        long colPad = 0;
        long rowTotal = 0;
        long colTotal = 0;
        for (int i = 0; i < r; i++) {
            // Without axes the pads cover every axis, counted here from the end (rank 4: NCHW).
            long axis = axes == null ? i + 4 - r : axes[i] < 0 ? axes[i] + 4 : axes[i];
            if (axis == 2) {
                rowPad = pads[i];
                rowTotal = pads[i] + pads[i + r];
            } else if (axis == 3) {
                colPad = pads[i];
                colTotal = pads[i] + pads[i + r];
            }
        }
        Axis rows = first.rows();
        Axis cols = first.cols();
        return new Field(new Axis(rows.start() - rowPad * rows.jump(), rows.jump(), rows.size(), grow(rows.length(), rowTotal)),
                new Axis(cols.start() - colPad * cols.jump(), cols.jump(), cols.size(), grow(cols.length(), colTotal)), false);
    }

    private static long grow(long length, long by) {
        return length < 0 ? -1 : length + by;
    }

    private static Field resize(Node n, Field first, Graph g) {
        Attributes a = n.attributes();
        boolean upsample = n.opType().equals("Upsample");
        double[] scales = null;
        long[] sizes = null;
        String scalesName = upsample ? input(n, 1) : input(n, 2);
        if (scalesName != null) {
            scales = constantDoubles(scalesName, g);
        }
        if ((scales == null || scales.length == 0) && !upsample && input(n, 3) != null) {
            long[] s = constantLongs(input(n, 3), g);
            sizes = s == null || s.length == 0 ? null : s;
        }
        if ((scales == null || scales.length == 0) && upsample && a.has("scales")) {
            float[] f = a.getFloats("scales", null);
            scales = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                scales[i] = f[i];
            }
        }
        int rank = scales != null && scales.length > 0 ? scales.length : sizes != null ? sizes.length : 0;
        if (rank != 4) {
            return Field.WHOLE;
        }
        String mode = a.getString("mode", "nearest");
        String coord = upsample ? "asymmetric" : a.getString("coordinate_transformation_mode", "half_pixel");
        double m = mode.equals("cubic") ? 2 : 1;
        Axis[] axes = {first.rows(), first.cols()};
        Axis[] out = new Axis[2];
        for (int i = 0; i < 2; i++) {
            Axis x = axes[i];
            double scale;
            long length;
            if (sizes != null) {
                if (x.length() <= 0) {
                    return Field.WHOLE;
                }
                length = sizes[i + 2];
                scale = (double) length / x.length();
            } else {
                scale = scales[i + 2];
                length = x.length() < 0 ? -1 : (long) Math.floor(x.length() * scale);
            }
            double r = 1 / scale;
            double c = switch (coord) {
                case "half_pixel", "pytorch_half_pixel" -> 0.5 * (r - 1);
                case "tf_half_pixel_for_nn" -> 0.5 * r;
                default -> 0;
            };
            if (coord.equals("align_corners")) {
                r = length > 1 && x.length() > 0 ? (x.length() - 1.0) / (length - 1.0) : 0;
            }
            out[i] = new Axis(x.start() + (c - m) * x.jump(), x.jump() * r, x.size() + 2 * m * x.jump(), length);
        }
        return new Field(out[0], out[1], false);
    }

    private static String input(Node n, int i) {
        return n.inputs().size() > i && !n.inputs().get(i).isEmpty() ? n.inputs().get(i) : null;
    }

    /** A constant tensor's values: an initializer, or the value of a Constant node. */
    private static NDArray constant(String name, Graph g) {
        NDArray v = g.initializers().get(name);
        if (v != null) {
            return v;
        }
        for (Node n : g.nodes()) {
            if (n.opType().equals("Constant") && n.outputs().contains(name)) {
                return n.attributes().getTensor("value");
            }
        }
        return null;
    }

    private static long[] constantLongs(String name, Graph g) {
        NDArray v = constant(name, g);
        return v == null ? null : v.toType(DataType.INT64, false).toLongArray();
    }

    private static double[] constantDoubles(String name, Graph g) {
        NDArray v = constant(name, g);
        if (v == null) {
            return null;
        }
        float[] f = v.toType(DataType.FLOAT32, false).toFloatArray();
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    /**
     * The input pixels unit {@code (x, y)} of the layer (column x, row y) sees: {@code [S + x·J, S + x·J + R)}
     * per axis, rounded outwards; the whole input for a layer past global pooling or a dense layer. May extend
     * past the image (padding); {@link InputBox#clip} it to draw it.
     */
    public InputBox box(int x, int y) {
        if (field.whole()) {
            return new InputBox(0, 0, inputWidth, inputHeight);
        }
        Axis c = field.cols();
        Axis r = field.rows();
        return new InputBox(floor(c.start() + x * c.jump()), floor(r.start() + y * r.jump()),
                ceil(c.start() + x * c.jump() + c.size()), ceil(r.start() + y * r.jump() + r.size()));
    }

    private static int floor(double v) {
        return (int) Math.floor(v + 1e-9);
    }

    private static int ceil(double v) {
        return (int) Math.ceil(v - 1e-9);
    }

    /** The layer this field belongs to, as asked. */
    public String layer() {
        return layer;
    }

    /** True when every unit sees the whole input (past global pooling, Flatten, a dense layer). */
    public boolean wholeInput() {
        return field.whole();
    }

    /** Field size R in input pixels along columns (the input width when {@link #wholeInput}). */
    public double sizeX() {
        return field.whole() ? inputWidth : field.cols().size();
    }

    /** Field size R in input pixels along rows. */
    public double sizeY() {
        return field.whole() ? inputHeight : field.rows().size();
    }

    /** Cumulative jump J along columns: input pixels between neighbouring units (0 when {@link #wholeInput}). */
    public double jumpX() {
        return field.whole() ? 0 : field.cols().jump();
    }

    /** Cumulative jump J along rows. */
    public double jumpY() {
        return field.whole() ? 0 : field.rows().jump();
    }

    /** Start S along columns: where unit 0's field begins (negative inside the padding). */
    public double startX() {
        return field.whole() ? 0 : field.cols().start();
    }

    /** Start S along rows. */
    public double startY() {
        return field.whole() ? 0 : field.rows().start();
    }

    @Override
    public String toString() {
        return field.whole() ? layer + ": whole input"
                : String.format("%s: R=%sx%s J=%sx%s S=%s,%s", layer, sizeX(), sizeY(), jumpX(), jumpY(), startX(), startY());
    }
}
