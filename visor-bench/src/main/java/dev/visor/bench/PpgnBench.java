package dev.visor.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.visor.builtin.BuiltinModels;
import dev.visor.engine.Engines;
import dev.visor.engine.RunRandom;
import dev.visor.generative.LatentGenerator;
import dev.visor.io.ModelLoader;
import dev.visor.io.visor.Provenance;
import dev.visor.model.Activations;
import dev.visor.model.Attributes;
import dev.visor.model.ForwardRequest;
import dev.visor.model.Graph;
import dev.visor.model.InputSpec;
import dev.visor.model.Model;
import dev.visor.optvis.Renderer;
import dev.visor.optvis.objective.ClassObjective;
import dev.visor.optvis.param.LatentParameterization;
import dev.visor.optvis.step.CodePrior;
import dev.visor.optvis.step.LatentClip;
import dev.visor.optvis.step.PpgnStep;
import dev.visor.ppgn.DaePrior;
import dev.visor.ppgn.JointPrior;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * PPGN sampler steps/s (the ppgn step rule in the shared render loop, with the DAE or the joint prior) beside the
 * bare cost of a step, G(h) + classifier forward + backward to h, measured in the same run; and the recorded
 * training times of the prior R and the captioner.
 */
@Command(name = "ppgn", mixinStandardHelpOptions = true,
        description = "PPGN sampler steps/s and overhead over a bare G + classifier forward+backward, in the same run.")
public final class PpgnBench implements Callable<Integer> {
    @Option(names = "--generator", paramLabel = "G",
            description = "the generator (default: a random 128 -> 28x28 dense decoder made here)")
    String generator;

    @Option(names = "--chains", defaultValue = "4", description = "chains per step (default ${DEFAULT-VALUE})")
    int chains;

    @Option(names = "--steps", defaultValue = "200", description = "steps per measurement (default ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--repeats", defaultValue = "5", description = "measurements per row, best kept (default ${DEFAULT-VALUE})")
    int repeats;

    /** The codes the last DAE chain ended at. */
    private float[] daeCodes;

    @Override
    public Integer call() throws Exception {
        try (Model cnn = ModelLoader.load("builtin:fashion-cnn"); DaePrior dae = DaePrior.load("builtin:fashion-dae");
             Model gm = generator == null ? randomDecoder() : ModelLoader.load(generator);
             LatentGenerator g = new LatentGenerator(gm, "", Map.of(), 0f, 1f, cnn.inputSpec())) {
            CodePrior joint = new JointPrior(g, cnn, "relu_fc1");
            // Rows: bare, loop without prior, DAE, joint. Each is warmed up once, then the repeats interleave the rows so
            // that a change of load hits all of them; best wall time and best process CPU time (all threads, libtorch's
            // included: less sensitive than wall time to other processes holding the cores) per row.
            // The fifth row repeats the bare step at the codes the DAE chain ended at (taken from the row before it): once a
            // chain reaches its class, the same forward+backward costs more than at the random start codes.
            List<Callable<Double>> rows = List.of(() -> bareSeconds(cnn, g, steps, null), () -> samplerSeconds(cnn, g, null, steps),
                    () -> samplerSeconds(cnn, g, dae, steps), () -> samplerSeconds(cnn, g, joint, steps),
                    () -> bareSeconds(cnn, g, steps, daeCodes));
            double[] wall = new double[rows.size()];
            double[] cpu = new double[rows.size()];
            java.util.Arrays.fill(wall, Double.MAX_VALUE);
            java.util.Arrays.fill(cpu, Double.MAX_VALUE);
            bareSeconds(cnn, g, 20, null);
            samplerSeconds(cnn, g, null, 20);
            samplerSeconds(cnn, g, joint, 20);
            samplerSeconds(cnn, g, dae, 20);
            bareSeconds(cnn, g, 20, daeCodes);
            for (int r = 0; r < repeats; r++) {
                for (int i = 0; i < rows.size(); i++) {
                    long c0 = cpuNanos();
                    double w = rows.get(i).call();
                    cpu[i] = Math.min(cpu[i], (cpuNanos() - c0) / 1e9);
                    wall[i] = Math.min(wall[i], w);
                }
            }
            String[] names = {"bare G + classifier forward+backward (baseline)", "render loop, ppgn step with eps1 = 0 (no prior)",
                "PPGN step rule, DAE prior (builtin:fashion-dae)", "PPGN step rule, joint prior E(G(h))",
                "bare G + classifier forward+backward at the DAE chain's final codes"};
            BenchTable t = new BenchTable("run", "steps", "seconds", "steps/s", "× bare", "CPU seconds", "CPU × bare");
            for (int i = 0; i < rows.size(); i++) {
                t.row(names[i], steps, wall[i], steps / wall[i], wall[i] / wall[0], cpu[i], cpu[i] / cpu[0]);
            }
            System.out.println("generator " + g.describe() + ", " + chains + " chains, best of " + repeats + " (interleaved), "
                    + Runtime.getRuntime().availableProcessors() + " cores");
            System.out.print(t.render());
            BenchTable tt = new BenchTable("model", "recorded training seconds", "images/s", "command");
            for (String name : List.of("fashion-dae", "fashion-captioner")) {
                Provenance p = BuiltinModels.provenance(name);
                tt.row("builtin:" + name, p.trainSeconds(), p.imagesPerSecond(), p.command());
            }
            System.out.print(tt.render());
        }
        return 0;
    }

    /** CPU time of this process, all threads. */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** The loop body without the sampler: fresh leaf h, G(h), classifier, log p(7), backward, read the gradient. */
    private double bareSeconds(Model cnn, LatentGenerator g, int n, float[] codes) {
        try (NDManager m = cnn.manager().newSubManager()) {
            NDArray h = codes == null ? new RunRandom(1).uniform(m, new Shape(chains, 128), 0f, 3f) : m.create(codes, new Shape(chains, 128));
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                try (NDManager s = m.newSubManager()) {
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray leaf = h.duplicate();
                        leaf.attach(s);
                        leaf.setRequiresGradient(true);
                        Activations a = cnn.forward(cnn.inputSpec().toModel(g.images(leaf)), ForwardRequest.of("logits"));
                        NDArray score = new ClassObjective("logits", 7, true).score(new dev.visor.optvis.objective.Evaluation(a, null));
                        a.backward(score.sum());
                        leaf.getGradient().toFloatArray();
                    }
                }
            }
            return (System.nanoTime() - t0) / 1e9;
        }
    }

    private double samplerSeconds(Model cnn, LatentGenerator g, CodePrior prior, int n) {
        try (NDManager m = cnn.manager().newSubManager(); NDManager out = m.newSubManager()) {
            NDArray h = new RunRandom(1).uniform(m, new Shape(chains, 128), 0f, 3f);
            try (LatentParameterization p = new LatentParameterization(m, g, h, chains)) {
                double seconds = Renderer.on(cnn).objective(new ClassObjective("logits", 7, true)).parameterization(p).transforms(List.of())
                        .stepRule(prior == null ? new PpgnStep(null, 0, 1, PpgnStep.EPS3, 1) : PpgnStep.defaults(prior)).imageOps(List.of(LatentClip.of(0f, 40f))).steps(n).skipValidation()
                        .run(new RunRandom(2), out).seconds();
                if (prior instanceof DaePrior) {
                    daeCodes = p.code().toFloatArray();
                }
                return seconds;
            }
        }
    }

    private static Model randomDecoder() {
        NDManager m = Engines.newManager();
        RunRandom r = new RunRandom(8);
        Graph g = new Graph.Builder().name("random-decoder").input("code", -1, 128)
                .initializer("w", r.normal(m, new Shape(128, 784), 0.05f))
                .initializer("b", r.normal(m, new Shape(784), 0.1f))
                .initializer("shape", m.create(new long[] {-1, 1, 28, 28}))
                .node("fc", "Gemm", List.of("code", "w", "b"), "a", Attributes.empty())
                .node("squash", "Sigmoid", List.of("a"), "y", Attributes.empty())
                .node("image", "Reshape", List.of("y", "shape"), "image", Attributes.empty())
                .output("image").build();
        return new Model(g, InputSpec.vector(128), List.of(), "random-decoder", m);
    }
}
