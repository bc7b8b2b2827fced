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
import dev.visor.model.Model;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Forward and forward+input-gradient throughput of Visor, beside ONNX Runtime running Visor's own ONNX export of
 * the same model in the same process.
 */
@Command(name = "forward", mixinStandardHelpOptions = true, description = "images/s: Visor forward, forward+gradient, ONNX Runtime forward.")
public final class ForwardBench implements Callable<Integer> {
    @Option(names = {"-m", "--model"}, defaultValue = "zoo:darknet-tiny", description = "model (default ${DEFAULT-VALUE})")
    String model;

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
        if (threads <= 0) {
            threads = Runtime.getRuntime().availableProcessors();
        }
        try (Model m = ModelLoader.load(model); NDManager root = m.manager().newSubManager()) {
            Path onnx = Files.createTempFile("visor-bench", ".onnx");
            OnnxExporter.write(m, onnx);
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            OrtSession.SessionOptions so = new OrtSession.SessionOptions();
            so.setIntraOpNumThreads(threads);
            so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            try (OrtSession session = env.createSession(onnx.toString(), so)) {
                String inName = session.getInputNames().iterator().next();
                BenchTable t = new BenchTable("batch", "Visor forward img/s", "ORT forward img/s", "Visor/ORT",
                        "Visor fwd+grad img/s", "fwd+grad / fwd time");
                for (int b : batches) {
                    NDArray x = new RunRandom(1).uniform(root, m.inputSpec().batchShape(b), 0, 1);
                    NDArray xm = m.inputSpec().toModel(x);
                    double fwd = Timing.medianMs(3, runs, () -> {
                        try (NDManager step = root.newSubManager()) {
                            NDArray in = xm.duplicate();
                            in.attach(step);
                            m.forward(in).output().toFloatArray();
                        }
                    });
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
                    float[] data = xm.toFloatArray();
                    long[] shape = xm.getShape().getShape();
                    double ort = Timing.medianMs(3, runs, () -> {
                        try (OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(data), shape);
                             OrtSession.Result r = session.run(Map.of(inName, in))) {
                            r.get(0).getValue();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    if (profile) {
                        OpProfile p = new OpProfile();
                        m.setOpTimer(p);
                        Timing.medianMs(0, runs, () -> {
                            try (NDManager step = root.newSubManager()) {
                                NDArray in = xm.duplicate();
                                in.attach(step);
                                m.forward(in).output().toFloatArray();
                            }
                        });
                        m.setOpTimer(null);
                        System.out.println("per-op profile, batch " + b + " (libtorch forward " + String.format("%.2f", fwd) + " ms):");
                        System.out.print(p.render(runs, fwd));
                    }
                    t.row(b, b * 1000 / fwd, b * 1000 / ort, ort / fwd, b * 1000 / grad, grad / fwd);
                }
                System.out.println("model " + model + ", input " + m.inputSpec() + ", " + threads + " threads, median of " + runs + " runs");
                System.out.print(t.render());
            } finally {
                Files.deleteIfExists(onnx);
            }
        }
        return 0;
    }
}
