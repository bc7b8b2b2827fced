package dev.visor.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.visor.engine.RunRandom;
import dev.visor.io.ModelLoader;
import dev.visor.io.onnx.OnnxExporter;
import dev.visor.model.Activations;
import dev.visor.model.ForwardRequest;
import dev.visor.model.Model;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Forward and forward+input-gradient throughput of Visor, beside ONNX Runtime running Visor's own ONNX export of
 * the same model in the same process. Visor's forward is measured twice: as callers get it (the fast path, on ONNX
 * Runtime when no gradient is needed) and on the libtorch reference path ({@link ForwardRequest#reference()}).
 */
@Command(name = "forward", mixinStandardHelpOptions = true,
        description = "images/s: Visor forward (fast path and libtorch), forward+gradient, ONNX Runtime forward.")
public final class ForwardBench implements Callable<Integer> {
    @Option(names = {"-m", "--model"}, split = ",", defaultValue = "zoo:darknet-tiny,builtin:fashion-cnn",
            description = "models, comma-separated (default ${DEFAULT-VALUE})")
    String[] models;

    @Option(names = "--batches", split = ",", defaultValue = "1,16", description = "batch sizes (default ${DEFAULT-VALUE})")
    int[] batches;

    @Option(names = "--runs", defaultValue = "10", description = "measured runs per cell (median; default ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--threads", defaultValue = "0", description = "ONNX Runtime intra-op threads; Visor's are set at JVM start by ./visor (0: all cores)")
    int threads;

    @Option(names = "--profile", description = "also print a per-op profile of Visor's libtorch forward at each batch size")
    boolean profile;

    @Override
    public Integer call() throws Exception {
        // The fast path is opt-in (see model/FastForward); this bench measures it.
        if (System.getProperty("visor.fastForward") == null && System.getenv("VISOR_FAST_FORWARD") == null) {
            System.setProperty("visor.fastForward", "on");
        }
        if (threads <= 0) {
            threads = Runtime.getRuntime().availableProcessors();
        }
        for (String model : models) {
            bench(model);
        }
        return 0;
    }

    private void bench(String model) throws Exception {
        try (Model m = ModelLoader.load(model); NDManager root = m.manager().newSubManager()) {
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            OrtSession.SessionOptions so = new OrtSession.SessionOptions();
            so.setIntraOpNumThreads(threads);
            so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            try (OrtSession session = env.createSession(OnnxExporter.toProto(m).toByteArray(), so)) {
                String inName = session.getInputNames().iterator().next();
                BenchTable t = new BenchTable("batch", "Visor fast img/s", "Visor libtorch img/s", "ORT img/s", "fast/ORT",
                        "libtorch/ORT", "Visor fwd+grad img/s", "fwd+grad / libtorch fwd");
                for (int b : batches) {
                    NDArray x = new RunRandom(1).uniform(root, m.inputSpec().batchShape(b), 0, 1);
                    NDArray xm = m.inputSpec().toModel(x);
                    float[] data = xm.toFloatArray();
                    long[] shape = xm.getShape().getShape();
                    Runnable ortPass = () -> {
                        try (OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(data), shape);
                             OrtSession.Result r = session.run(Map.of(inName, in))) {
                            r.get(0).getValue();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    };
                    // Fast and ORT in turn; libtorch apart, since its OpenMP threads keep spinning after each op.
                    double[] med = Timing.interleavedMedianMs(3, runs, pass(m, root, xm, ForwardRequest.of()), ortPass);
                    double fast = med[0];
                    double ort = med[1];
                    double torch = Timing.medianMs(3, runs, pass(m, root, xm, ForwardRequest.of().reference()));
                    double grad = Timing.medianMs(3, runs, () -> {
                        try (NDManager step = root.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                            NDArray in = xm.duplicate();
                            in.attach(step);
                            in.setRequiresGradient(true);
                            Activations a = m.forward(in);
                            a.backward(a.output().max(new int[] {1}).sum());
                            in.getGradient().toFloatArray();
                        }
                    });
                    if (profile) {
                        OpProfile p = new OpProfile();
                        m.setOpTimer(p);
                        Timing.medianMs(3, runs, pass(m, root, xm, ForwardRequest.of().reference()));
                        m.setOpTimer(null);
                        System.out.println("per-op profile of " + model + ", batch " + b + " (libtorch forward " + String.format("%.2f", torch) + " ms):");
                        System.out.print(p.render(runs + 3, torch));
                    }
                    t.row(b, b * 1000 / fast, b * 1000 / torch, b * 1000 / ort, ort / fast, ort / torch, b * 1000 / grad, grad / torch);
                }
                System.out.println("model " + model + ", input " + m.inputSpec() + ", " + threads + " ORT threads, median of " + runs + " runs");
                System.out.print(t.render());
            }
        }
    }

    /** One forward pass that returns the output to Java, in a fresh step manager (as callers use it). */
    private static Runnable pass(Model m, NDManager root, NDArray xm, ForwardRequest req) {
        return () -> {
            try (NDManager step = root.newSubManager()) {
                NDArray in = xm.duplicate();
                in.attach(step);
                m.forward(in, req).output().toFloatArray();
            }
        };
    }
}
