package dev.visor.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.visor.VisorException;
import dev.visor.data.Dataset;
import dev.visor.engine.Engines;
import dev.visor.engine.RunRandom;
import dev.visor.engine.Scalars;
import dev.visor.io.ModelLoader;
import dev.visor.io.visor.Provenance;
import dev.visor.io.visor.TensorEntry;
import dev.visor.io.visor.VisorModelFile;
import dev.visor.model.Attributes;
import dev.visor.model.ForwardRequest;
import dev.visor.model.Graph;
import dev.visor.model.InputSpec;
import dev.visor.model.Model;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains PPGN's prior R: a fully connected denoising autoencoder on a classifier's code h, scaled
 * to the code size D (D → ¾D → ½D → ¾D → D, ReLU after every layer, since h is post-ReLU), by
 * minimising the mean squared error ‖R(h + n) − h‖² with n ~ N(0, σ²), σ = noise · std(h). For
 * small noise R(h) − h ≈ σ² ∂log p(h)/∂h, the prior term of the PPGN sampler.
 *
 * <p>The codes are computed once (inference mode) and kept in memory. The model is a Visor model
 * with a vector input ({@code code}, (N, D)) and output {@code reconstruction}; it also stores
 * {@code stats.code_max} (per-unit maximum of h on the training data, for the sampler's clip) and
 * {@code stats.noise_std} (σ). Every epoch ends with a checkpoint; a rerun with the same output
 * folder resumes and ends with the same weights: shuffling and noise of epoch e are seeded from
 * (seed, e) alone.
 */
public final class DaeTrainer {
    /** Name of the code input. */
    public static final String INPUT = "code";
    /** Name of the reconstruction output. */
    public static final String OUTPUT = "reconstruction";
    /** Initializer holding the per-unit maximum of the training codes. */
    public static final String CODE_MAX = "stats.code_max";
    /** Initializer holding the absolute noise std σ. */
    public static final String NOISE_STD = "stats.noise_std";
    private static final ForwardRequest TRAINING = ForwardRequest.of().inTraining();
    private static final String[] LAYERS = {"enc1", "enc2", "dec1", "dec2"};

    private DaeTrainer() {}

    /**
     * The outcome.
     *
     * @param modelDir      where the model was written
     * @param provenance    the training record saved in it ({@code loss}: train denoising MSE per epoch)
     * @param resumedAt     epochs already done in a checkpoint
     * @param testLoss      denoising MSE on the test codes after the last epoch (fixed noise), NaN without test data
     * @param testCleanLoss reconstruction MSE of clean test codes, NaN without test data
     */
    public record Result(Path modelDir, Provenance provenance, int resumedAt, double testLoss, double testCleanLoss) {}

    /** What the checkpoint's state.json holds. */
    record State(DaeSettings settings, String data, int epochsDone, int steps, double trainSeconds,
                 List<Provenance.Epoch> history, List<TensorEntry> optimizer) {}

    /** The architecture name for a code size: {@code dae-128-96-64-96-128}. */
    public static String architecture(int dim) {
        int[] w = widths(dim);
        return "dae-" + dim + "-" + w[0] + "-" + w[1] + "-" + w[2] + "-" + dim;
    }

    private static int[] widths(int dim) {
        return new int[] {Math.max(1, Math.round(dim * 0.75f)), Math.max(1, Math.round(dim * 0.5f)), Math.max(1, Math.round(dim * 0.75f))};
    }

    /**
     * Trains (or resumes) and writes the model to {@code out}.
     *
     * @param train    images whose codes are the training data
     * @param test     images whose codes are evaluated after each epoch, or null
     * @param command  the command line, recorded in the model
     */
    public static Result train(DaeSettings settings, Dataset train, Dataset test, Path out, String command,
                               TrainListener listener) {
        CodeSet codes;
        CodeSet testCodes;
        try (Model classifier = ModelLoader.load(settings.classifier())) {
            codes = CodeSet.of(classifier, settings.codeLayer(), train, settings.limit());
            testCodes = test == null ? null : CodeSet.of(classifier, settings.codeLayer(), test, 2000);
        }
        String dataName = train.name() + " codes of " + settings.classifier() + " " + settings.codeLayer();
        float sigma = (float) (settings.noise() * codes.std());
        Path ckpt = Checkpoint.find(out);
        State state;
        Model model;
        ResumableAdam adam;
        if (ckpt != null) {
            state = Checkpoint.state(ckpt, State.class);
            if (!state.settings().equals(settings) || !state.data().equals(dataName)) {
                throw new VisorException("output folder " + out + " holds a checkpoint of another run (" + state.settings()
                        + " on " + state.data() + "); use another --out or delete " + ckpt);
            }
            model = Checkpoint.model(ckpt, architecture(codes.dim()));
            adam = new ResumableAdam(settings.learningRate(), state.steps());
            Checkpoint.restoreOptimizer(ckpt, state.optimizer(), model, adam);
            listener.resumed(state.epochsDone());
        } else {
            model = build(codes, sigma, new RunRandom(settings.seed()));
            adam = new ResumableAdam(settings.learningRate(), 0);
            state = new State(settings, dataName, 0, 0, 0, List.of(), List.of());
        }
        try (model) {
            Map<String, NDArray> params = trainable(model);
            params.values().forEach(p -> p.setRequiresGradient(true));
            int stepsPerEpoch = (codes.size() + settings.batchSize() - 1) / settings.batchSize();
            int totalSteps = stepsPerEpoch * settings.epochs();
            int steps = state.steps();
            double trainSeconds = state.trainSeconds();
            List<Provenance.Epoch> history = new ArrayList<>(state.history());
            for (int epoch = state.epochsDone() + 1; epoch <= settings.epochs(); epoch++) {
                RunRandom random = new RunRandom(ClassifierTrainer.epochSeed(settings.seed(), epoch));
                int[] order = random.permutation(codes.size());
                RunRandom noise = random.split();
                listener.epochStarted(epoch, settings.epochs(), stepsPerEpoch);
                double lossSum = 0;
                long seen = 0;
                long start = System.nanoTime();
                for (int step = 0; step < stepsPerEpoch; step++) {
                    int from = step * settings.batchSize();
                    int[] idx = java.util.Arrays.copyOfRange(order, from, Math.min(order.length, from + settings.batchSize()));
                    try (NDManager m = model.manager().newSubManager()) {
                        NDArray h = codes.rows(m, idx);
                        NDArray noisy = h.add(noise.normal(m, h.getShape(), sigma));
                        adam.setLearningRate(ClassifierTrainer.cosine(settings.learningRate(), steps, totalSteps));
                        float loss;
                        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                            NDArray r = model.forward(noisy, TRAINING).output();
                            NDArray mse = Scalars.divide(r.sub(h).square().sum(), h.size());
                            gc.backward(mse);
                            loss = mse.getFloat();
                        }
                        adam.updateAllAndZero(params);
                        lossSum += (double) loss * idx.length;
                        seen += idx.length;
                    }
                    steps++;
                    listener.stepFinished(epoch, step + 1, lossSum / seen, Double.NaN);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                trainSeconds += seconds;
                Provenance.Epoch result = new Provenance.Epoch(epoch, lossSum / seen, Double.NaN, Double.NaN, seconds);
                history.add(result);
                State done = new State(settings, dataName, epoch, steps, trainSeconds, history, List.of());
                Checkpoint.save(out, model, adam, entries -> new State(done.settings(), done.data(), done.epochsDone(),
                        done.steps(), done.trainSeconds(), done.history(), entries));
                listener.epochFinished(result);
            }
            params.values().forEach(w -> w.setRequiresGradient(false));
            double testLoss = testCodes == null ? Double.NaN : loss(model, testCodes, sigma, RunRandom.derive(settings.seed(), "test"));
            double testClean = testCodes == null ? Double.NaN : loss(model, testCodes, 0, 0);
            long images = (long) codes.size() * settings.epochs();
            Provenance p = new Provenance(command, architecture(codes.dim()), dataName, codes.size(), settings.seed(),
                    settings.epochs(), settings.batchSize(), settings.learningRate(), false, Double.NaN, trainSeconds,
                    images / trainSeconds, Engines.get().getEngineName() + " " + Engines.get().getVersion() + ", "
                    + System.getProperty("ai.djl.pytorch.num_threads", "?") + " threads", history);
            VisorModelFile.write(model, p, out);
            return new Result(out, p, state.epochsDone(), testLoss, testClean);
        }
    }

    /** Mean squared error ‖R(h + n) − h‖² over {@code codes} (n ~ N(0, σ²) from {@code seed}; σ 0: clean). */
    public static double loss(Model dae, CodeSet codes, float sigma, long seed) {
        RunRandom random = new RunRandom(seed);
        double sum = 0;
        for (int from = 0; from < codes.size(); from += 500) {
            int[] idx = java.util.stream.IntStream.range(from, Math.min(codes.size(), from + 500)).toArray();
            try (NDManager m = dae.manager().newSubManager()) {
                NDArray h = codes.rows(m, idx);
                NDArray in = sigma > 0 ? h.add(random.normal(m, h.getShape(), sigma)) : h;
                sum += dae.forward(in).output().sub(h).square().sum().getFloat();
            }
        }
        return sum / ((double) codes.size() * codes.dim());
    }

    private static Model build(CodeSet codes, float sigma, RunRandom random) {
        NDManager manager = Engines.newManager();
        int d = codes.dim();
        int[] w = widths(d);
        int[] sizes = {d, w[0], w[1], w[2], d};
        Graph.Builder g = new Graph.Builder().name(architecture(d)).input(INPUT, -1, d);
        String current = INPUT;
        for (int i = 0; i < LAYERS.length; i++) {
            String n = LAYERS[i];
            g.initializer(n + ".weight", random.normal(manager, new Shape(sizes[i + 1], sizes[i]), (float) Math.sqrt(2.0 / sizes[i])));
            g.initializer(n + ".bias", manager.zeros(new Shape(sizes[i + 1])));
            g.node(n, "Gemm", List.of(current, n + ".weight", n + ".bias"), n, Attributes.builder().put("transB", 1L).build());
            String relu = i == LAYERS.length - 1 ? OUTPUT : "relu_" + n;
            g.node(relu, "Relu", List.of(n), relu, Attributes.empty());
            current = relu;
        }
        g.output(OUTPUT);
        g.initializer(CODE_MAX, manager.create(codes.max()));
        g.initializer(NOISE_STD, manager.create(new float[] {sigma}));
        return new Model(g.build(), InputSpec.vector(d), List.of(), architecture(d), manager);
    }

    private static Map<String, NDArray> trainable(Model model) {
        Map<String, NDArray> params = new LinkedHashMap<>();
        model.graph().initializers().forEach((k, v) -> {
            if (!k.startsWith("stats.")) {
                params.put(k, v);
            }
        });
        return params;
    }
}
