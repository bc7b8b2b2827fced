package dev.visor.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.visor.engine.RunRandom;
import dev.visor.io.ModelLoader;
import dev.visor.io.onnx.OnnxExporter;
import dev.visor.io.onnx.OrtRuntime;
import dev.visor.model.Activations;
import dev.visor.model.ForwardRequest;
import dev.visor.model.Model;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Forward and forward+input-gradient throughput of Visor, beside ONNX Runtime running Visor's own ONNX export of
 * the same model in the same process. Visor's forward is measured twice: as callers get it (the fast path, on ONNX
 * Runtime when no gradient is needed) and on the libtorch reference path ({@link ForwardRequest#reference()}).
 *
 * <p>Fairness: the baseline session is opened with the same options on the same environment as the fast path's
 * ({@link OrtRuntime}), so both run on one shared thread pool (two pools in one process spin against each other
 * on a small machine); each timed pass starts from an input already in the engine (an {@code NDArray} in a fresh
 * step manager, an {@code OnnxTensor}: made before the clock starts, from the same Java array) and ends with the
 * logits copied back to Java and the pass's memory freed; the two run in turn, in alternating order, so a change of
 * load hits both alike.
 */
@Command(name = "forward", mixinStandardHelpOptions = true,
        description = "images/s: Visor forward (fast path and libtorch), forward+gradient, ONNX Runtime forward; ratios and targets.")
public final class ForwardBench implements Callable<Integer> {
    /** Issue 14's targets for fast/ORT, by batch size (batch 1, and batch 16 or more). */
    private static final double TARGET_BATCH_1 = 0.8;
    private static final double TARGET_BATCHED = 1.0;
    private static final double WARMUP_MS = 1500;

    @Option(names = {"-m", "--model"}, split = ",", defaultValue = "zoo:darknet-tiny,builtin:fashion-cnn",
            description = "models, comma-separated (default ${DEFAULT-VALUE})")
    String[] models;

    @Option(names = "--batches", split = ",", defaultValue = "1,16", description = "batch sizes (default ${DEFAULT-VALUE})")
    int[] batches;

    @Option(names = "--runs", defaultValue = "20", description = "measured runs per cell (median; default ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--profile", description = "also print a per-op profile of Visor's libtorch forward at each batch size")
    boolean profile;

    private final List<String> verdicts = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        System.out.println(Machine.describe());
        System.out.printf("load %.2f at start; ONNX Runtime %s threads, %s; Visor fast path %s%n", Machine.load(), OrtRuntime.threads(),
                OrtRuntime.sharedPool() ? "one pool shared by all sessions" : "a pool per session", fastSwitch());
        for (String model : models) {
            bench(model);
        }
        System.out.printf("load %.2f at end%n", Machine.load());
        verdicts.forEach(System.out::println);
        return 0;
    }

    private static String fastSwitch() {
        String v = System.getProperty("visor.fastForward", System.getenv("VISOR_FAST_FORWARD"));
        return v == null ? "on (default)" : v + " (VISOR_FAST_FORWARD / -Dvisor.fastForward)";
    }

    private void bench(String model) throws Exception {
        try (Model m = ModelLoader.load(model); NDManager root = m.manager().newSubManager()) {
            OrtEnvironment env = OrtRuntime.environment();
            try (OrtSession.SessionOptions so = OrtRuntime.options();
                 OrtSession session = env.createSession(OnnxExporter.toProto(m).toByteArray(), so)) {
                String inName = session.getInputNames().iterator().next();
                BenchTable t = new BenchTable("batch", "Visor fast img/s", "Visor libtorch img/s", "ORT img/s", "fast/ORT", "target",
                        "libtorch/ORT", "Visor fwd+grad img/s", "fwd+grad / libtorch fwd");
                String engine = "";
                for (int b : batches) {
                    NDArray xm = m.inputSpec().toModel(new RunRandom(1).uniform(root, m.inputSpec().batchShape(b), 0, 1));
                    float[] data = xm.toFloatArray();
                    long[] shape = xm.getShape().getShape();
                    java.util.function.LongSupplier ortPass = () -> {
                        try (OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(data), shape)) {
                            long t0 = Timing.now();
                            try (OrtSession.Result r = session.run(Map.of(inName, in))) {
                                ((OnnxTensor) r.get(0)).getFloatBuffer();
                            }
                            return Timing.now() - t0;
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    };
                    engine = engine(m, root, data, shape);
                    java.util.function.LongSupplier fastPass = timedPass(m, root, data, shape, ForwardRequest.of());
                    double[] med = Timing.alternatingMedianMs(warmup(fastPass), runs, fastPass, ortPass);
                    double fast = med[0];
                    double ort = med[1];
                    java.util.function.LongSupplier torchPass = timedPass(m, root, data, shape, ForwardRequest.of().reference());
                    double torch = Timing.medianMs(warmup(torchPass), runs, torchPass);
                    double grad = Timing.medianMs(3, runs, () -> {
                        try (NDManager step = root.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                            NDArray in = step.create(data, new Shape(shape));
                            in.setRequiresGradient(true);
                            Activations a = m.forward(in);
                            a.backward(a.output().max(new int[] {1}).sum());
                            in.getGradient().toFloatArray();
                        }
                    });
                    if (profile) {
                        OpProfile p = new OpProfile();
                        m.setOpTimer(p);
                        Timing.medianMs(3, runs, timedPass(m, root, data, shape, ForwardRequest.of().reference()));
                        m.setOpTimer(null);
                        System.out.println("per-op profile of " + model + ", batch " + b + " (libtorch forward " + String.format("%.2f", torch) + " ms):");
                        System.out.print(p.render(runs + 3, torch));
                    }
                    double ratio = ort / fast;
                    double target = b == 1 ? TARGET_BATCH_1 : TARGET_BATCHED;
                    t.row(b, b * 1000 / fast, b * 1000 / torch, b * 1000 / ort, ratio, String.format("≥ %.1f", target), ort / torch,
                            b * 1000 / grad, grad / torch);
                    verdicts.add(String.format("%s batch %d: fast/ORT %.2f, target ≥ %.1f %s", model, b, ratio, target,
                            ratio >= target ? "met" : String.format("missed by %.2f", target - ratio)));
                }
                System.out.println("model " + model + ", input " + m.inputSpec() + ", fast path on " + engine + ", median of "
                        + runs + " runs, " + Timing.clock());
                System.out.print(t.render());
            }
        }
    }

    /**
     * Warm-up passes for a task: enough for about {@value #WARMUP_MS} ms (at least 3, at most 5 000), so that the
     * JIT has compiled the Java side of sub-millisecond passes before they are timed; 3 runs left the fast path's
     * Java code partly interpreted and cost fashion-cnn's batch-1 passes ~100 µs more than once compiled.
     */
    private static int warmup(java.util.function.LongSupplier task) {
        double ms = task.getAsLong() / 1e6;
        ms = Math.min(ms, task.getAsLong() / 1e6);
        return (int) Math.max(3, Math.min(5000, WARMUP_MS / Math.max(ms, 1e-3)));
    }

    /** Which engine answered a fast-path pass: an ONNX Runtime pass holds no weights among its values. */
    private static String engine(Model m, NDManager root, float[] data, long[] shape) {
        try (NDManager step = root.newSubManager()) {
            Activations a = m.forward(step.create(data, new Shape(shape)));
            return a.all().containsKey(m.graph().initializers().keySet().iterator().next()) ? "libtorch" : "ONNX Runtime";
        }
    }

    /** A pass on an input made beforehand in a fresh step manager: forward, logits to Java, step closed. */
    private static java.util.function.LongSupplier timedPass(Model m, NDManager root, float[] data, long[] shape, ForwardRequest req) {
        return () -> {
            NDManager step = root.newSubManager();
            NDArray in = step.create(data, new Shape(shape));
            long t0 = Timing.now();
            m.forward(in, req).output().toFloatArray();
            step.close();
            return Timing.now() - t0;
        };
    }
}
