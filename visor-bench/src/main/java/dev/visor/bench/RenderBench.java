package dev.visor.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.visor.engine.RunRandom;
import dev.visor.io.ModelLoader;
import dev.visor.model.Activations;
import dev.visor.model.ForwardRequest;
import dev.visor.model.Graph;
import dev.visor.model.Model;
import dev.visor.optvis.BatchRender;
import dev.visor.optvis.Presets;
import dev.visor.optvis.RenderSettings;
import dev.visor.optvis.objective.Evaluation;
import dev.visor.optvis.objective.Objective;
import dev.visor.optvis.objective.Objectives;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Speed of the activation-maximisation loop: steps/s of the fourier preset at two image sizes and
 * two batch sizes; the loop's own overhead against a bare forward+backward of the same graph and
 * objective in the same run; and 16 units rendered as one batch against 16 sequential renders.
 * Per-step times are medians over the measured steps, so background load skews them less.
 */
@Command(name = "render", mixinStandardHelpOptions = true, description = "steps/s of the render loop, its overhead, batched vs sequential units.")
public final class RenderBench implements Callable<Integer> {
    @Option(names = {"-m", "--model"}, defaultValue = "zoo:darknet-tiny", description = "model (default ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--layer", defaultValue = "leaky_re_lu_8", description = "layer of the channel objectives (default ${DEFAULT-VALUE})")
    String layer;

    @Option(names = "--steps", defaultValue = "20", description = "measured steps per render (default ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--quick", description = "only the 224 px, batch 1 row (the issue-14 target), no 16-unit table")
    boolean quick;

    @Option(names = "--profile", description = "also time each part of a 224 px, batch 1 preset step on its own (image, transforms, model, step rule)")
    boolean profile;

    @Option(names = "--trace", description = "write libtorch's op trace (Chrome JSON) of 10 preset steps at 224 px, batch 1 to this file")
    java.nio.file.Path trace;

    static final int WARMUP = 3;

    /** Median step time in ms of a render, its first {@link #WARMUP} steps not counted. */
    private static double medianStepMs(Model m, List<Objective> units, RenderSettings s, NDManager root) {
        StepTimer timer = new StepTimer(WARMUP);
        try (NDManager m2 = root.newSubManager()) {
            BatchRender.render(m, units, s, 1, List.of(timer), m2);
        }
        return timer.medianMs();
    }

    /**
     * Median step ms of a render and median ms of a bare pass run after each of its steps (outside the step's time),
     * the first {@link #WARMUP} of each not counted.
     */
    private static double[] interleavedMs(Model m, List<Objective> units, RenderSettings s, Runnable bare, NDManager root) {
        StepTimer timer = new StepTimer(WARMUP, bare);
        try (NDManager m2 = root.newSubManager()) {
            BatchRender.render(m, units, s, 1, List.of(timer), m2);
        }
        return new double[] {timer.medianMs(), timer.baselineMedianMs()};
    }

    /** Median ms of a bare forward + backward of the objective on a fixed input of this shape. */
    static double bareMs(Model m, Objective o, int batch, int size, NDManager root, int runs) {
        return Timing.medianMs(WARMUP, runs, barePass(m, o, batch, size, root));
    }

    /** One bare forward + backward of the objective on a fixed input of this shape. */
    static Runnable barePass(Model m, Objective o, int batch, int size, NDManager root) {
        NDArray x = new RunRandom(1).uniform(root, new ai.djl.ndarray.types.Shape(batch, m.inputSpec().channels(), size, size), 0, 1);
        ForwardRequest req = ForwardRequest.of(List.copyOf(o.layers()));
        return () -> {
            try (NDManager step = root.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray in = x.duplicate();
                in.attach(step);
                in.setRequiresGradient(true);
                Activations a = m.forward(m.inputSpec().toModel(in), req);
                a.backward(o.score(new Evaluation(a, in)).sum());
                in.getGradient().toFloatArray();
            }
        };
    }

    private List<Objective> units(int n) {
        List<Objective> u = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            u.add(Objectives.channel(layer, i));
        }
        return u;
    }

    /** The same model with free spatial input size (fully convolutional nets), so 128 px renders run at 128 px. */
    private static Model freeSize(Model m) {
        Graph g = m.graph();
        long[] shape = g.inputShape().clone();
        shape[2] = -1;
        shape[3] = -1;
        Graph free = new Graph(g.name(), g.inputName(), shape, g.nodes(), g.initializers(), g.outputs(), g.layerAliases());
        return new Model(free, m.inputSpec(), m.labels(), m.source(), m.manager());
    }

    @Override
    public Integer call() {
        String threads = System.getProperty("ai.djl.pytorch.num_threads", String.valueOf(Runtime.getRuntime().availableProcessors()));
        RenderSettings fourier = Presets.get("fourier").with("steps", steps + WARMUP);
        // The loop alone: pixel parameterisation, no transforms, plain SGD, no image operations.
        RenderSettings bare = fourier.with(java.util.Map.of("parameterization", "pixel-sigmoid", "optimizer", "sgd", "learningRate", 1.0,
                "pad", 0, "jitter", 0, "scaleMin", 1.0, "scaleMax", 1.0, "rotate", 0, "jitter2", 0));
        try (Model m = ModelLoader.load(model); NDManager root = m.manager().newSubManager()) {
            Model free = freeSize(m);
            int modelSize = m.inputSpec().height();
            BenchTable t = new BenchTable("image px", "model input px", "batch", "fourier preset steps/s", "ms/step",
                    "bare fwd+bwd ms", "preset / bare", "loop-only ms/step", "loop overhead");
            for (int size : quick ? new int[] {224} : new int[] {224, 128}) {
                for (int batch : quick ? new int[] {1} : new int[] {1, 8}) {
                    for (boolean fixed : size == modelSize ? new boolean[] {true} : new boolean[] {true, false}) {
                        Model mm = fixed ? m : free;
                        int fed = fixed ? modelSize : size;
                        List<Objective> u = units(batch);
                        // Each render alternates step by step with a bare pass, so each ratio compares times taken under the same load.
                        Runnable barePass = barePass(mm, Objective.perItem(u), batch, fed, root);
                        double[] preset = interleavedMs(mm, u, fourier.with("size", size), barePass, root);
                        double[] loop = interleavedMs(mm, u, bare.with("size", fed), barePass, root);
                        String input = fixed ? String.valueOf(fed) : "~" + (size + 12) + " (free size)";
                        t.row(size, input, batch, 1000 / preset[0], preset[0], preset[1], preset[0] / preset[1], loop[0],
                                String.format("%+.1f%%", 100 * (loop[0] - loop[1]) / loop[1]));
                    }
                }
            }
            System.out.println("model " + model + ", layer " + layer + ", " + threads + " threads, median step of " + steps
                    + " after " + WARMUP + " warm-up steps, each step followed by a bare pass (the bare column: their median), "
                    + Timing.clock());
            System.out.print(t.render());
            if (profile) {
                printProfile(m, fourier.with("size", modelSize), root);
            }
            if (trace != null) {
                RenderSettings ten = fourier.with(java.util.Map.of("size", modelSize, "steps", 10));
                try (NDManager m2 = root.newSubManager()) {
                    BatchRender.render(m, units(1), ten, 1, List.of(), m2);
                    ai.djl.pytorch.jni.JniUtils.startProfile(false, true, false);
                    BatchRender.render(m, units(1), ten, 1, List.of(), m2);
                    ai.djl.pytorch.jni.JniUtils.stopProfile(trace.toAbsolutePath().toString());
                }
                System.out.println("libtorch trace of 10 preset steps: " + trace);
            }
            if (quick) {
                return 0;
            }
            // 16 units: one batch of 16 against 16 renders of one, fourier preset at 128 px.
            RenderSettings s128 = fourier.with("size", 128);
            List<Objective> sixteen = units(16);
            BenchTable b = new BenchTable("16 units, fourier 128 px", "model input px", "one batch of 16: ms/step",
                    "16 sequential renders: ms/step (sum)", "batched speed-up");
            for (boolean fixed : new boolean[] {true, false}) {
                Model mm = fixed ? m : free;
                double batched = medianStepMs(mm, sixteen, s128, root);
                double sequential = 0;
                for (Objective o : sixteen) {
                    sequential += medianStepMs(mm, List.of(o), s128, root);
                }
                b.row(fixed ? "fixed-size model" : "free-size model", fixed ? String.valueOf(modelSize) : "~140", batched, sequential,
                        sequential / batched);
            }
            System.out.println();
            System.out.print(b.render());
        }
        return 0;
    }

    /** The preset step's parts, each timed on its own, beside the whole step measured again in the same run. */
    private void printProfile(Model m, RenderSettings s, NDManager root) {
        Objective o = Objective.perItem(units(1));
        double[] parts = RenderProfile.parts(m, o, s, 1, root, steps);
        double whole = medianStepMs(m, units(1), s, root);
        String[] names = {"image (parameterisation, fwd+bwd)", "transforms + fit (fwd+bwd)", "model fwd+bwd", "step rule"};
        BenchTable t = new BenchTable("part of a preset step", "ms", "share of the step");
        double sum = 0;
        for (int i = 0; i < parts.length; i++) {
            t.row(names[i], parts[i], String.format("%.0f%%", 100 * parts[i] / whole));
            sum += parts[i];
        }
        t.row("rest (leaves, objective, read-back)", whole - sum, String.format("%.0f%%", 100 * (whole - sum) / whole));
        t.row("whole step", whole, "100%");
        System.out.println();
        System.out.println("parts of one " + s.size() + " px, batch 1 preset step, each on its own, median of " + steps + ", " + Timing.clock());
        System.out.print(t.render());
    }

    /** Plain entry point: {@code java ... dev.visor.bench.RenderBench [--model M]}. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new RenderBench()).execute(args));
    }
}
