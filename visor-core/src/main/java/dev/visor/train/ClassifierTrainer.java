package dev.visor.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.visor.VisorException;
import dev.visor.data.Batches;
import dev.visor.data.Dataset;
import dev.visor.engine.Engines;
import dev.visor.engine.RunRandom;
import dev.visor.io.visor.Provenance;
import dev.visor.io.visor.VisorModelFile;
import dev.visor.model.ForwardRequest;
import dev.visor.model.Graph;
import dev.visor.model.Model;
import dev.visor.model.Node;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Trains a classifier on Visor's one {@link Model}: the architecture's graph runs in training mode
 * (batch statistics, dropout; batch norm updates its running statistics in place), softmax
 * cross-entropy is back-propagated with DJL's {@link GradientCollector}, and {@link ResumableAdam}
 * updates the raw weight arrays. Each step runs in its own sub-manager, so memory stays flat.
 *
 * <p>Every epoch ends with a test evaluation and a checkpoint; a run started again with the same
 * output folder continues from its last checkpoint and ends with the same weights as a run that
 * was never stopped: the shuffling, augmentation and dropout of epoch {@code e} are seeded from
 * ({@code seed}, {@code e}) alone.
 */
public final class ClassifierTrainer {
    private static final ForwardRequest TRAINING = ForwardRequest.of().inTraining();

    private ClassifierTrainer() {}

    /**
     * The outcome.
     *
     * @param modelDir   where the trained model was written
     * @param provenance the training record saved in it
     * @param resumedAt  epochs that were already done in a checkpoint (0 for a fresh run)
     */
    public record Result(Path modelDir, Provenance provenance, int resumedAt) {}

    /**
     * Trains (or resumes) and writes the model to {@code out} in Visor format.
     *
     * @param train    labelled training data
     * @param test     labelled test data evaluated after each epoch, or null
     * @param out      output folder (model files and the {@code checkpoint/} folder)
     * @param command  the command line, recorded in the model
     * @param listener progress
     */
    public static Result train(TrainSettings settings, Dataset train, Dataset test, Path out, String command,
                               TrainListener listener) {
        if (!train.labelled()) {
            throw new VisorException("training data " + train.name() + " has no labels for every image");
        }
        Dataset data = settings.limit() > 0 ? train.head(settings.limit()) : train;
        Architecture arch = Architectures.get(settings.architecture());
        Engine engine = Engines.get();
        Path ckpt = Checkpoint.find(out);
        Checkpoint.State state;
        Model model;
        ResumableAdam adam;
        if (ckpt != null) {
            state = Checkpoint.state(ckpt);
            if (!state.settings().equals(settings) || !state.data().equals(data.name())) {
                throw new VisorException("output folder " + out + " holds a checkpoint of another run (" + state.settings()
                        + " on " + state.data() + "); use another --out or delete " + ckpt);
            }
            model = Checkpoint.model(ckpt, arch.name());
            adam = new ResumableAdam(settings.learningRate(), state.steps());
            Checkpoint.restoreOptimizer(ckpt, state, model, adam);
            listener.resumed(state.epochsDone());
        } else {
            NDManager manager = Engines.newManager();
            Graph g = arch.build(data.classNames().size(), manager, new RunRandom(settings.seed()));
            model = new Model(g, arch.inputSpec(), data.classNames(), arch.name(), manager);
            adam = new ResumableAdam(settings.learningRate(), 0);
            state = new Checkpoint.State(settings, data.name(), 0, 0, 0, List.of(), List.of());
        }
        try (model) {
            Map<String, NDArray> params = trainable(model);
            params.values().forEach(p -> p.setRequiresGradient(true));
            int stepsPerEpoch = (data.size() + settings.batchSize() - 1) / settings.batchSize();
            int totalSteps = stepsPerEpoch * settings.epochs();
            int steps = state.steps();
            double trainSeconds = state.trainSeconds();
            List<Provenance.Epoch> history = new ArrayList<>(state.history());
            for (int epoch = state.epochsDone() + 1; epoch <= settings.epochs(); epoch++) {
                long epochSeed = epochSeed(settings.seed(), epoch);
                engine.setRandomSeed((int) epochSeed);
                RunRandom random = new RunRandom(epochSeed);
                int[] order = permutation(data.size(), random);
                RunRandom augment = random.split();
                listener.epochStarted(epoch, settings.epochs(), stepsPerEpoch);
                double lossSum = 0;
                long correct = 0;
                long seen = 0;
                long start = System.nanoTime();
                try (NDManager epochManager = model.manager().newSubManager()) {
                    Batches batches = Batches.of(data, model.inputSpec(), settings.batchSize(), epochManager).order(order);
                    if (settings.augment()) {
                        batches.transform(x -> Augmentation.shiftFlip(x, augment, 2));
                    }
                    int step = 0;
                    for (Batches.Batch b : batches) {
                        try (b) {
                            adam.setLearningRate(cosine(settings.learningRate(), steps, totalSteps));
                            float[] lossAndCorrect = step(model, params, adam, b);
                            lossSum += lossAndCorrect[0] * b.size();
                            correct += (long) lossAndCorrect[1];
                            seen += b.size();
                            steps++;
                            step++;
                            listener.stepFinished(epoch, step, lossSum / seen, (double) correct / seen);
                        }
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                trainSeconds += seconds;
                double testAccuracy = test == null ? Double.NaN : Evaluation.run(model, test, 500).accuracy();
                Provenance.Epoch result = new Provenance.Epoch(epoch, lossSum / seen, (double) correct / seen, testAccuracy, seconds);
                history.add(result);
                Checkpoint.save(out, model, adam, new Checkpoint.State(settings, data.name(), epoch, steps, trainSeconds,
                        history, List.of()));
                listener.epochFinished(result);
            }
            Provenance.Epoch last = history.get(history.size() - 1);
            long images = (long) data.size() * settings.epochs();
            Provenance p = new Provenance(command, arch.name(), data.name(), data.size(), settings.seed(), settings.epochs(),
                    settings.batchSize(), settings.learningRate(), settings.augment(), last.testAccuracy(), trainSeconds,
                    images / trainSeconds, engineDescription(engine), history);
            params.values().forEach(w -> w.setRequiresGradient(false));
            VisorModelFile.write(model, p, out);
            return new Result(out, p, state.epochsDone());
        }
    }

    /** One optimisation step; returns {mean loss, number correct}. */
    private static float[] step(Model model, Map<String, NDArray> params, ResumableAdam adam, Batches.Batch b) {
        NDManager m = b.manager();
        NDArray logits;
        NDArray loss;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            logits = model.forward(b.input(), TRAINING).output();
            NDArray onehot = m.create(java.util.Arrays.stream(b.labels()).asLongStream().toArray())
                    .oneHot((int) logits.getShape().get(1));
            loss = dev.visor.engine.Scalars.divide(logits.logSoftmax(1).mul(onehot).sum().neg(), b.size()); // div(Number) would free its scalar before backward
            gc.backward(loss);
        }
        adam.updateAll(params);
        long[] pred = logits.argMax(1).toLongArray();
        int correct = 0;
        for (int i = 0; i < pred.length; i++) {
            if (pred[i] == b.labels()[i]) {
                correct++;
            }
        }
        return new float[] {loss.getFloat(), correct};
    }

    /** The weights that training changes: all initializers except batch-norm running statistics. */
    static Map<String, NDArray> trainable(Model model) {
        Set<String> stats = new HashSet<>();
        for (Node n : model.graph().nodes()) {
            if (n.opType().equals("BatchNormalization")) {
                stats.add(n.inputs().get(3));
                stats.add(n.inputs().get(4));
            }
        }
        Map<String, NDArray> params = new LinkedHashMap<>();
        model.graph().initializers().forEach((k, v) -> {
            if (!stats.contains(k)) {
                params.put(k, v);
            }
        });
        return params;
    }

    /** lr · ½(1 + cos(π · step / total)) (also the generator trainer's schedule). */
    public static float cosine(float lr, int step, int total) {
        return (float) (lr * 0.5 * (1 + Math.cos(Math.PI * step / total)));
    }

    /** The seed of epoch {@code epoch} of a run (shuffling, augmentation, dropout). */
    public static long epochSeed(long seed, int epoch) {
        return new RunRandom(seed * 1_000_003L + epoch).split().seed() & 0x7fffffffL;
    }

    private static int[] permutation(int n, RunRandom random) {
        return random.permutation(n);
    }

    private static String engineDescription(Engine engine) {
        return engine.getEngineName() + " " + engine.getVersion() + ", " + System.getProperty("ai.djl.pytorch.num_threads", "?")
                + " threads";
    }
}
