package dev.visor.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.onnx.proto.OnnxMl.ModelProto;
import dev.visor.VisorException;
import dev.visor.engine.RunRandom;
import dev.visor.io.onnx.OnnxExporter;
import dev.visor.io.onnx.OnnxOutputs;
import dev.visor.model.ops.DataTypes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs a model's passes that need no gradient on ONNX Runtime, over Visor's own ONNX export of the same graph
 * (the graph is one; only the engine differs). libtorch stays the reference: a pass goes to ONNX Runtime only
 * when no gradient is recorded (libtorch's grad mode is off: no {@code GradientCollector} or {@code GradScope}
 * open; the input and the weights require none), the request uses the plain rule, cuts no leaves, does not train and
 * is not {@link ForwardRequest#reference()}. Grad mode is per thread, and on by default in threads other than the
 * one DJL started on: a thread pool that runs forward passes should turn it off on its threads (as Spark tasks do
 * in {@code ExecutorModels}), or its passes run on libtorch. (DJL's {@code requiresGrad} is false for a tensor
 * computed from a leaf that requires a gradient, so it cannot replace the grad-mode test.)
 *
 * <p>Every such pass of a set of requested layers answers from ONNX Runtime, the first one included, so a job's
 * values do not depend on which passes ran before it in the process. The first pass of a set builds a session
 * whose graph outputs are those layers and checks it once against libtorch on a fixed seeded input (not the
 * caller's), within 1e-3 of the largest magnitude; a set whose session cannot be built or disagrees stays on
 * libtorch for the model's lifetime, so the choice depends only on the model and the layer set. At most
 * {@value #MAX_SESSIONS} sessions per model are kept (each holds a copy of the weights); the least recently used
 * is closed to make room and rebuilt when its set comes back. No session is built while weights require a gradient
 * (a training run in progress; those passes run on libtorch), and a training pass or {@link Model#weightsChanged()}
 * drops every session.
 *
 * <p>Switch: system property {@value #PROPERTY} or environment variable {@value #ENV}: {@code on} (default) or
 * {@code off} ({@code 1}/{@code 0}, {@code true}/{@code false}). ONNX Runtime's values differ from libtorch's in
 * the last bits (≤ 3e-5 measured on the models here); {@code off} runs everything on libtorch.
 */
final class FastForward implements AutoCloseable {
    /** System property of the switch. */
    static final String PROPERTY = "visor.fastForward";
    /** Environment variable of the switch (the property wins). */
    static final String ENV = "VISOR_FAST_FORWARD";
    private static final double TOLERANCE = 1e-3;
    /** Each session holds its own copy of the weights: beyond this many layer sets the least recent one is closed. */
    static final int MAX_SESSIONS = 8;
    /** Seed of the input the session check runs on. */
    private static final long CHECK_SEED = 14;

    private final Model model;
    /** Sessions by layer set, least recently used first. */
    private final LinkedHashMap<List<String>, InferenceSession> sessions = new LinkedHashMap<>(16, 0.75f, true);
    /** Layer sets that stay on libtorch (no session could be built, or it disagreed). */
    private final Set<List<String>> refused = new HashSet<>();
    private ModelProto exported;

    FastForward(Model model) {
        this.model = model;
    }

    /** True unless the switch says off; an unknown value is an error naming the valid ones. */
    static boolean enabled() {
        String v = System.getProperty(PROPERTY);
        if (v == null) {
            v = System.getenv(ENV);
        }
        if (v == null || v.isBlank()) {
            return true;
        }
        return switch (v.trim().toLowerCase()) {
            case "on", "1", "true" -> true;
            case "off", "0", "false" -> false;
            default -> throw new VisorException(PROPERTY + " / " + ENV + " is '" + v + "'; valid: on, off (1, 0, true, false)");
        };
    }

    /**
     * The pass on ONNX Runtime, or null when it must run on libtorch.
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
        while (true) {
            InferenceSession session = session(input, request, targets);
            if (session == null) {
                return null;
            }
            Map<String, NDArray> outs = session.run(input, input.getManager());
            if (outs != null) {
                return activations(input, outs);
            }
            // Closed by another thread (evicted or invalidated) between lookup and run: look it up again.
        }
    }

    /** The session of {@code targets}, built and checked on first use; null when the set stays on libtorch. */
    private synchronized InferenceSession session(NDArray input, ForwardRequest request, List<String> targets) {
        InferenceSession s = sessions.get(targets);
        if (s != null || refused.contains(targets)) {
            return s;
        }
        // Weights being trained change under a session: none is built while they require a gradient (a training
        // run; its training passes drop the sessions), so its evaluation passes run on libtorch.
        if (weightsRequireGrad()) {
            return null;
        }
        s = build(input.getShape(), request, targets);
        if (s == null) {
            refused.add(targets);
            return null;
        }
        while (sessions.size() >= MAX_SESSIONS) {
            Iterator<InferenceSession> eldest = sessions.values().iterator();
            eldest.next().close();
            eldest.remove();
        }
        sessions.put(targets, s);
        return s;
    }

    /** A session for {@code targets}, checked against libtorch on a seeded input of {@code shape}'s size; or null. */
    private InferenceSession build(Shape shape, ForwardRequest request, List<String> targets) {
        try (NDManager check = model.manager().newSubManager()) {
            long[] dims = shape.getShape().clone();
            if (model.graph().inputShape()[0] <= 0) {
                dims[0] = Math.min(dims[0], 2);
            }
            NDArray probe = model.inputSpec().toModel(new RunRandom(CHECK_SEED).uniform(check, new Shape(dims), 0, 1));
            Activations ref = model.forward(probe, request.reference());
            List<Integer> types = new ArrayList<>();
            for (String t : targets) {
                types.add(DataTypes.toOnnx(ref.all().get(t).getDataType()));
            }
            if (exported == null) {
                exported = OnnxExporter.toProto(model);
            }
            byte[] bytes = OnnxOutputs.withOutputs(exported, targets, types).toByteArray();
            InferenceSession s = InferenceSession.create(bytes, targets);
            String problem = disagreement(ref, s.run(probe, check));
            if (problem != null) {
                s.close();
                System.err.println("visor: ONNX Runtime disagrees with libtorch on " + model.source() + " (" + problem
                        + "); these layers stay on libtorch");
                return null;
            }
            return s;
        } catch (Exception | LinkageError e) {
            if (Boolean.getBoolean("visor.debug")) {
                System.err.println("visor: no fast forward for " + targets + " of " + model.source() + ": " + e);
            }
            return null;
        }
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

    private boolean weightsRequireGrad() {
        for (NDArray w : model.graph().initializers().values()) {
            if (w instanceof PtNDArray p && JniUtils.requiresGrad(p)) {
                return true;
            }
        }
        return false;
    }

    /** Drops every session (the weights changed); the next passes build new ones from a new export. */
    synchronized void invalidate() {
        if (sessions.isEmpty() && refused.isEmpty() && exported == null) {
            return;
        }
        close();
    }

    @Override
    public synchronized void close() {
        sessions.values().forEach(InferenceSession::close);
        sessions.clear();
        refused.clear();
        exported = null;
    }
}
