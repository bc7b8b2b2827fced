package dev.visor.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.visor.VisorException;
import dev.visor.data.Batches;
import dev.visor.data.Dataset;
import dev.visor.engine.Engines;
import dev.visor.engine.RunRandom;
import dev.visor.engine.Scalars;
import dev.visor.io.visor.Provenance;
import dev.visor.io.visor.TensorEntry;
import dev.visor.io.visor.VisorModelFile;
import dev.visor.model.ForwardRequest;
import dev.visor.model.Graph;
import dev.visor.model.InputSpec;
import dev.visor.model.Model;
import dev.visor.ppgn.CaptionTemplates;
import dev.visor.ppgn.Captioner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Trains a {@link Captioner} on template captions ({@link CaptionTemplates}) of a labelled image
 * set: the CNN (conv16-pool-conv32-pool-fc, batch norm, ReLU) and the decoder together, by
 * minimising −log p(caption | image) with teacher forcing. Each image's attributes are computed
 * once; its template (which attributes the caption names) is drawn anew every epoch from
 * (seed, epoch). Checkpointed every epoch and resumable like {@link ClassifierTrainer}.
 *
 * <p>Evaluation: for each test image, the caption "a B S C" of highest probability among all
 * brightness × size × class combinations; the record's test accuracy is how often its class is
 * right, and {@link Result} also gives the brightness and size accuracies.
 */
public final class CaptionerTrainer {
    /** The architecture name. */
    public static final String ARCHITECTURE = "captioner-conv16-conv32-fc";
    private static final ForwardRequest TRAINING = ForwardRequest.of().inTraining();

    private CaptionerTrainer() {}

    /**
     * The outcome.
     *
     * @param modelDir           where the model was written
     * @param provenance         the training record ({@code testAccuracy}: class accuracy by caption ranking)
     * @param resumedAt          epochs already done in a checkpoint
     * @param brightnessAccuracy how often the best-ranked caption's brightness word is right (test)
     * @param sizeAccuracy       how often its size word is right (test)
     */
    public record Result(Path modelDir, Provenance provenance, int resumedAt, double brightnessAccuracy, double sizeAccuracy) {}

    /** What the checkpoint's state.json holds. */
    record State(CaptionerSettings settings, String data, int epochsDone, int steps, double trainSeconds,
                 List<Provenance.Epoch> history, List<TensorEntry> optimizer) {}

    /** Attributes of every image of a data set: brightness and size below its class's median. */
    record Attributes(boolean[] dark, boolean[] small) {}

    /** Trains (or resumes) and writes the model to {@code out}. */
    public static Result train(CaptionerSettings settings, Dataset train, Dataset test, Path out, String command,
                               TrainListener listener) {
        if (!train.labelled()) {
            throw new VisorException("training data " + train.name() + " has no labels for every image");
        }
        Dataset data = settings.limit() > 0 ? train.head(settings.limit()) : train;
        InputSpec spec = Architectures.get("fashion-cnn").inputSpec();
        CaptionTemplates templates = new CaptionTemplates(data.classNames());
        float[][] raw = measure(data, spec);
        float[][] medians = {medians(raw[0], data), medians(raw[1], data)};
        Attributes attrs = attributes(raw, medians, data);
        Path ckpt = Checkpoint.find(out);
        State state;
        Model model;
        ResumableAdam adam;
        if (ckpt != null) {
            state = Checkpoint.state(ckpt, State.class);
            if (!state.settings().equals(settings) || !state.data().equals(data.name())) {
                throw new VisorException("output folder " + out + " holds a checkpoint of another run (" + state.settings()
                        + " on " + state.data() + "); use another --out or delete " + ckpt);
            }
            model = Checkpoint.model(ckpt, ARCHITECTURE);
            adam = new ResumableAdam(settings.learningRate(), state.steps());
            Checkpoint.restoreOptimizer(ckpt, state.optimizer(), model, adam);
            listener.resumed(state.epochsDone());
        } else {
            model = build(settings, spec, templates, medians, new RunRandom(settings.seed()));
            adam = new ResumableAdam(settings.learningRate(), 0);
            state = new State(settings, data.name(), 0, 0, 0, List.of(), List.of());
        }
        Captioner captioner = new Captioner(model);
        try (captioner) {
            Map<String, NDArray> params = new java.util.LinkedHashMap<>(ClassifierTrainer.trainable(model));
            params.keySet().removeIf(k -> k.startsWith("stats."));
            params.values().forEach(p -> p.setRequiresGradient(true));
            int stepsPerEpoch = (data.size() + settings.batchSize() - 1) / settings.batchSize();
            int totalSteps = stepsPerEpoch * settings.epochs();
            int steps = state.steps();
            double trainSeconds = state.trainSeconds();
            List<Provenance.Epoch> history = new ArrayList<>(state.history());
            double[] testAcc = {Double.NaN, Double.NaN, Double.NaN};
            for (int epoch = state.epochsDone() + 1; epoch <= settings.epochs(); epoch++) {
                long epochSeed = ClassifierTrainer.epochSeed(settings.seed(), epoch);
                RunRandom random = new RunRandom(epochSeed);
                int[] order = random.permutation(data.size());
                RunRandom pick = random.split();
                int[] template = new int[data.size()];
                for (int i = 0; i < template.length; i++) {
                    template[i] = CaptionTemplates.template(pick);
                }
                listener.epochStarted(epoch, settings.epochs(), stepsPerEpoch);
                double lossSum = 0;
                long seen = 0;
                long start = System.nanoTime();
                try (NDManager epochManager = model.manager().newSubManager()) {
                    int step = 0;
                    for (Batches.Batch b : Batches.of(data, spec, settings.batchSize(), epochManager).order(order)) {
                        try (b) {
                            int[][] tokens = new int[b.size()][];
                            for (int k = 0; k < b.size(); k++) {
                                int i = b.indices()[k];
                                tokens[k] = templates.tokens(templates.caption(b.labels()[k], attrs.dark()[i], attrs.small()[i], template[i]));
                            }
                            adam.setLearningRate(ClassifierTrainer.cosine(settings.learningRate(), steps, totalSteps));
                            float loss;
                            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                                NDArray ll = captioner.decode(captioner.features(b.input(), TRAINING), tokens);
                                NDArray nll = Scalars.divide(ll.sum().neg(), b.size());
                                gc.backward(nll);
                                loss = nll.getFloat();
                            }
                            adam.updateAllAndZero(params);
                            lossSum += (double) loss * b.size();
                            seen += b.size();
                            steps++;
                            step++;
                            listener.stepFinished(epoch, step, lossSum / seen, Double.NaN);
                        }
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                trainSeconds += seconds;
                params.values().forEach(p -> p.setRequiresGradient(false));
                testAcc = test == null ? testAcc : evaluate(captioner, test.head(Math.min(1000, test.size())), templates, medians);
                params.values().forEach(p -> p.setRequiresGradient(true));
                Provenance.Epoch result = new Provenance.Epoch(epoch, lossSum / seen, Double.NaN, testAcc[0], seconds);
                history.add(result);
                State done = new State(settings, data.name(), epoch, steps, trainSeconds, history, List.of());
                Checkpoint.save(out, model, adam, entries -> new State(done.settings(), done.data(), done.epochsDone(),
                        done.steps(), done.trainSeconds(), done.history(), entries));
                listener.epochFinished(result);
            }
            params.values().forEach(w -> w.setRequiresGradient(false));
            if (test != null && state.epochsDone() == settings.epochs()) {
                testAcc = evaluate(captioner, test.head(Math.min(1000, test.size())), templates, medians);
            }
            Provenance.Epoch last = history.get(history.size() - 1);
            long images = (long) data.size() * settings.epochs();
            Provenance p = new Provenance(command, ARCHITECTURE, data.name(), data.size(), settings.seed(), settings.epochs(),
                    settings.batchSize(), settings.learningRate(), false, last.testAccuracy(), trainSeconds, images / trainSeconds,
                    Engines.get().getEngineName() + " " + Engines.get().getVersion() + ", "
                    + System.getProperty("ai.djl.pytorch.num_threads", "?") + " threads", history);
            VisorModelFile.write(model, p, out);
            return new Result(out, p, state.epochsDone(), testAcc[1], testAcc[2]);
        }
    }

    /**
     * Ranks the captions "a B S C" (every brightness, size and class) for each image by the
     * captioner's probability; returns {class, brightness, size} accuracy of the best one, the
     * attributes judged against {@code medians} (brightness, size by class).
     */
    public static double[] evaluate(Captioner captioner, Dataset test, CaptionTemplates templates, float[][] medians) {
        InputSpec spec = captioner.model().inputSpec();
        float[][] raw = measure(test, spec);
        Attributes truth = attributes(raw, medians, test);
        int classes = templates.classPhrases().size();
        List<int[]> candidates = new ArrayList<>();
        List<int[]> meaning = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            for (int dark = 0; dark < 2; dark++) {
                for (int small = 0; small < 2; small++) {
                    candidates.add(templates.tokens(templates.caption(c, dark == 1, small == 1, 3)));
                    meaning.add(new int[] {c, dark, small});
                }
            }
        }
        long[] right = new long[3];
        try (NDManager m = captioner.model().manager().newSubManager()) {
            for (Batches.Batch b : Batches.of(test, spec, 250, m)) {
                try (b) {
                    NDArray f = captioner.features(b.input(), ForwardRequest.of());
                    float[][] scores = new float[candidates.size()][];
                    for (int k = 0; k < candidates.size(); k++) {
                        int[][] t = new int[b.size()][];
                        Arrays.fill(t, candidates.get(k));
                        scores[k] = captioner.decode(f, t).toFloatArray();
                    }
                    for (int i = 0; i < b.size(); i++) {
                        int best = 0;
                        for (int k = 1; k < candidates.size(); k++) {
                            if (scores[k][i] > scores[best][i]) {
                                best = k;
                            }
                        }
                        int[] mng = meaning.get(best);
                        int idx = b.indices()[i];
                        right[0] += mng[0] == b.labels()[i] ? 1 : 0;
                        right[1] += (mng[1] == 1) == truth.dark()[idx] ? 1 : 0;
                        right[2] += (mng[2] == 1) == truth.small()[idx] ? 1 : 0;
                    }
                }
            }
        }
        return new double[] {(double) right[0] / test.size(), (double) right[1] / test.size(), (double) right[2] / test.size()};
    }

    /** Brightness and size of every image: {brightness[], size[]}. */
    static float[][] measure(Dataset data, InputSpec spec) {
        float[] brightness = new float[data.size()];
        float[] size = new float[data.size()];
        int pixels = spec.channels() * spec.height() * spec.width();
        try (NDManager m = Engines.newManager()) {
            for (Batches.Batch b : Batches.of(data, spec, 1000, m)) {
                try (b) {
                    float[] all = b.images().toFloatArray();
                    for (int k = 0; k < b.size(); k++) {
                        float[] img = Arrays.copyOfRange(all, k * pixels, (k + 1) * pixels);
                        brightness[b.indices()[k]] = CaptionTemplates.brightness(img);
                        size[b.indices()[k]] = CaptionTemplates.size(img);
                    }
                }
            }
        }
        return new float[][] {brightness, size};
    }

    /** Per-class median of a measure. */
    static float[] medians(float[] values, Dataset data) {
        int classes = data.classNames().size();
        float[] med = new float[classes];
        for (int c = 0; c < classes; c++) {
            int cls = c;
            double[] v = java.util.stream.IntStream.range(0, data.size()).filter(i -> data.label(i) == cls)
                    .mapToDouble(i -> values[i]).sorted().toArray();
            med[c] = v.length == 0 ? 0f : (float) v[v.length / 2];
        }
        return med;
    }

    private static Attributes attributes(float[][] raw, float[][] medians, Dataset data) {
        boolean[] dark = new boolean[data.size()];
        boolean[] small = new boolean[data.size()];
        for (int i = 0; i < data.size(); i++) {
            int c = data.label(i);
            dark[i] = raw[0][i] < medians[0][c];
            small[i] = raw[1][i] < medians[1][c];
        }
        return new Attributes(dark, small);
    }

    private static Model build(CaptionerSettings s, InputSpec spec, CaptionTemplates templates, float[][] medians, RunRandom random) {
        NDManager manager = Engines.newManager();
        int h = s.hidden();
        int v = templates.vocabulary().size();
        int t = templates.maxLength();
        CnnBuilder cnn = new CnnBuilder("fashion-captioner", spec, manager, random).conv(16, 3).pool().conv(32, 3).pool().flatten()
                .dense(h);
        cnn.initializer(Captioner.IMG, random.normal(manager, new Shape(h, h), (float) Math.sqrt(2.0 / h)))
                .initializer(Captioner.EMBED, random.normal(manager, new Shape(v, h), 0.1f))
                .initializer(Captioner.POS, random.normal(manager, new Shape(t, h), 0.1f))
                .initializer(Captioner.BIAS, manager.zeros(new Shape(h)))
                .initializer(Captioner.OUT, random.normal(manager, new Shape(h, v), (float) Math.sqrt(1.0 / h)))
                .initializer(Captioner.OUT_BIAS, manager.zeros(new Shape(v)))
                .initializer("stats.brightness_median", manager.create(medians[0]))
                .initializer("stats.size_median", manager.create(medians[1]));
        Graph g = cnn.features();
        return new Model(g, spec, templates.vocabulary(), ARCHITECTURE, manager);
    }
}
