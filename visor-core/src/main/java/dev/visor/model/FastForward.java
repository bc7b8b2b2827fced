package dev.visor.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.onnx.proto.OnnxMl.ModelProto;
import dev.visor.VisorException;
import dev.visor.io.onnx.OnnxExporter;
import dev.visor.io.onnx.OnnxOutputs;
import dev.visor.model.ops.DataTypes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Runs a model's passes that need no gradient on ONNX Runtime, over Visor's own ONNX export of the same graph
 * (the graph is one; only the engine differs). libtorch stays the reference: a pass goes to ONNX Runtime only
 * when no gradient is recorded (no {@code GradientCollector} open, the input and the weights require none), the
 * request uses the plain rule, cuts no leaves, does not train and is not {@link ForwardRequest#reference()}.
 *
 * <p>Per set of requested layers, the first pass runs on libtorch; the second builds a session whose graph outputs
 * are those layers, checks it on that pass's input against libtorch (1e-3 of the largest magnitude) and answers
 * with libtorch's result; later passes run on ONNX Runtime. No session is built while weights require a gradient
 * (a training run in progress), nor beyond {@value #MAX_SESSIONS} layer sets per model (each holds the weights). A set whose session cannot be built or disagrees
 * stays on libtorch. A training pass, or {@link Model#weightsChanged()}, drops every session.
 *
 * <p>Switch: system property {@value #PROPERTY} or environment variable {@value #ENV}: {@code on} or
 * {@code off} (default; {@code 1}/{@code 0}, {@code true}/{@code false}). Off by default because the first
 * pass of a layer set runs on libtorch and later ones on ONNX Runtime, whose values differ in the last bits
 * (≤ 3e-5 measured): a job's result would then depend on which passes came before it in the process, which broke
 * the bit-identical shard/resume guarantees of {@code top} (ties and top-k values). Turn it on for throughput.
 */
final class FastForward implements AutoCloseable {
    /** System property of the switch. */
    static final String PROPERTY = "visor.fastForward";
    /** Environment variable of the switch (the property wins). */
    static final String ENV = "VISOR_FAST_FORWARD";
    private static final double TOLERANCE = 1e-3;
    /** Each session holds its own copy of the weights: layer sets beyond this many stay on libtorch. */
    private static final int MAX_SESSIONS = 8;
    /** Marks a layer set that stays on libtorch. */
    private static final Object REFUSED = new Object();

    private final Model model;
    private final Map<List<String>, Object> sessions = new HashMap<>();
    private final Map<List<String>, Integer> passes = new HashMap<>();
    private ModelProto exported;

    FastForward(Model model) {
        this.model = model;
    }

    /** True when the switch says on; an unknown value is an error naming the valid ones. */
    static boolean enabled() {
        String v = System.getProperty(PROPERTY);
        if (v == null) {
            v = System.getenv(ENV);
        }
        if (v == null || v.isBlank()) {
            return false;
        }
        return switch (v.trim().toLowerCase()) {
            case "on", "1", "true" -> true;
            case "off", "0", "false" -> false;
            default -> throw new VisorException(PROPERTY + " / " + ENV + " is '" + v + "'; valid: on, off (1, 0, true, false)");
        };
    }

    /**
     * The pass on ONNX Runtime, or null when it must (or, this time, does) run on libtorch.
     *
     * @param input a checked model input
     */
    Activations tryRun(NDArray input, ForwardRequest request) {
        if (request.libtorchOnly() || request.training() || request.rule() != BackwardRule.PLAIN || !request.leaves().isEmpty()
                || input.getDataType() != DataType.FLOAT32 || !(input instanceof PtNDArray pt) || !enabled()
                || JniUtils.isGradMode() || JniUtils.requiresGrad(pt)) {
            return null;
        }
        List<String> targets = targets(request);
        if (targets.contains(model.graph().inputName())) {
            return null;
        }
        InferenceSession session;
        synchronized (this) {
            Object s = sessions.get(targets);
            if (s == REFUSED) {
                return null;
            }
            if (s == null) {
                // Weights being trained change under a session; a training pass drops sessions, none is built meanwhile.
                if (passes.merge(targets, 1, Integer::sum) < 2 || weightsRequireGrad() || liveSessions() >= MAX_SESSIONS) {
                    return null;
                }
                return build(input, request, targets);
            }
            session = (InferenceSession) s;
        }
        return activations(input, session.run(input, input.getManager()));
    }

    /** Builds and checks the session for {@code targets}; answers this pass with libtorch's result. */
    private Activations build(NDArray input, ForwardRequest request, List<String> targets) {
        Activations ref = model.forward(input, request.reference());
        try {
            List<Integer> types = new ArrayList<>();
            for (String t : targets) {
                types.add(DataTypes.toOnnx(ref.all().get(t).getDataType()));
            }
            if (exported == null) {
                exported = OnnxExporter.toProto(model);
            }
            byte[] bytes = OnnxOutputs.withOutputs(exported, targets, types).toByteArray();
            InferenceSession s = InferenceSession.create(bytes, targets, threads());
            String problem = disagreement(ref, s.run(input, input.getManager()));
            if (problem != null) {
                s.close();
                sessions.put(targets, REFUSED);
                System.err.println("visor: ONNX Runtime disagrees with libtorch on " + model.source() + " (" + problem
                        + "); these layers stay on libtorch");
            } else {
                sessions.put(targets, s);
            }
        } catch (Exception | LinkageError e) {
            sessions.put(targets, REFUSED);
            if (Boolean.getBoolean("visor.debug")) {
                System.err.println("visor: no fast forward for " + targets + " of " + model.source() + ": " + e);
            }
        }
        return ref;
    }

    /** Null when every output matches libtorch's, else what differs. */
    private static String disagreement(Activations ref, Map<String, NDArray> fast) {
        for (Map.Entry<String, NDArray> e : fast.entrySet()) {
            NDArray want = ref.all().get(e.getKey());
            NDArray got = e.getValue();
            if (!want.getShape().equals(got.getShape()) || want.getDataType() != got.getDataType()) {
                return e.getKey() + ": " + got.getShape() + " " + got.getDataType() + " instead of " + want.getShape() + " " + want.getDataType();
            }
            if (want.getDataType().isFloating()) {
                double scale = want.abs().max().toType(DataType.FLOAT64, false).getDouble();
                double diff = want.sub(got).abs().max().toType(DataType.FLOAT64, false).getDouble();
                if (!(diff <= TOLERANCE * Math.max(1, scale))) {
                    return e.getKey() + ": max deviation " + diff + " at magnitude " + scale;
                }
            } else if (!want.contentEquals(got)) {
                return e.getKey() + ": values differ";
            }
        }
        return null;
    }

    private Activations activations(NDArray input, Map<String, NDArray> outs) {
        Map<String, NDArray> values = new LinkedHashMap<>(outs);
        values.put(model.graph().inputName(), input);
        return new Activations(model, values, List.of(), BackwardRule.PLAIN);
    }

    private List<String> targets(ForwardRequest request) {
        LinkedHashSet<String> t = new LinkedHashSet<>();
        for (String l : request.layers()) {
            t.add(model.resolve(l));
        }
        if (t.isEmpty()) {
            t.addAll(model.graph().outputs());
        }
        return List.copyOf(t);
    }

    private long liveSessions() {
        return sessions.values().stream().filter(v -> v instanceof InferenceSession).count();
    }

    private boolean weightsRequireGrad() {
        for (NDArray w : model.graph().initializers().values()) {
            if (w instanceof PtNDArray p && JniUtils.requiresGrad(p)) {
                return true;
            }
        }
        return false;
    }

    /** ONNX Runtime's intra-op threads: libtorch's ({@code VISOR_THREADS} via ./visor), else all cores. */
    static int threads() {
        Integer t = Integer.getInteger("ai.djl.pytorch.num_threads");
        if (t == null && System.getenv("VISOR_THREADS") != null) {
            try {
                t = Integer.parseInt(System.getenv("VISOR_THREADS").trim());
            } catch (NumberFormatException e) {
                t = null;
            }
        }
        return t == null || t <= 0 ? Runtime.getRuntime().availableProcessors() : t;
    }

    /** Drops every session (the weights changed); the next passes build new ones from a new export. */
    synchronized void invalidate() {
        if (sessions.isEmpty() && passes.isEmpty() && exported == null) {
            return;
        }
        close();
    }

    @Override
    public synchronized void close() {
        for (Object s : sessions.values()) {
            if (s instanceof InferenceSession is) {
                is.close();
            }
        }
        sessions.clear();
        passes.clear();
        exported = null;
    }
}
