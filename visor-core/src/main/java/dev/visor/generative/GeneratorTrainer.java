package dev.visor.generative;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.visor.VisorException;
import dev.visor.data.Batches;
import dev.visor.data.Dataset;
import dev.visor.engine.Engines;
import dev.visor.engine.RunRandom;
import dev.visor.engine.Scalars;
import dev.visor.io.ModelLoader;
import dev.visor.io.visor.VisorModelFile;
import dev.visor.model.Activations;
import dev.visor.model.ForwardRequest;
import dev.visor.model.InputSpec;
import dev.visor.model.Model;
import dev.visor.train.Checkpoint;
import dev.visor.train.ClassifierTrainer;
import dev.visor.train.ResumableAdam;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains a generator G that inverts a frozen classifier's code (Nguyen et al. 2016/2017 after Dosovitskiy &amp; Brox
 * 2016; REFERENCE §3): h = E(x) is the classifier's activation at a dense layer and G(h) should be the image x:
 * <pre>
 *   L_G = λ_img·mean (G(h) − x)² + λ_feat·mean (E1(G(h)) − E1(x))² + λ_GAN·softplus(−D(G(h)))
 *   L_D = softplus(−D(x)) + softplus(D(G(h)))          (D's logits; the usual non-saturating GAN losses)
 * </pre>
 * E1 is a convolutional layer of the same classifier; its gradient flows through the frozen classifier (evaluation
 * mode) to G. A small discriminator D ({@link GeneratorNets}) trains beside G, and the paper's balance rule
 * ({@link GanBalance}) pauses the side that wins by 10×. Images are in [0, 1]; G ends in a sigmoid.
 *
 * <p>Why a dense post-ReLU code: fc6 of CaffeNet (the paper's h) is the first fully connected layer after the
 * convolutions, taken after its ReLU, so h ≥ 0 and DGN-AM clips it to [0, 3·max]. builtin:fashion-cnn's analogue is
 * {@code relu_fc1} (128 units, after the last pooling and the only hidden dense layer; {@code logits} is the fc8
 * analogue, too class-specific to reconstruct from). Its last convolution after ReLU, {@code relu2} (64×14×14), is the
 * conv5-like E1 of the feature loss.
 *
 * <p>Like {@link ClassifierTrainer}: Adam ({@link ResumableAdam}, one per network) with a cosine schedule, every step in
 * its own sub-manager, a checkpoint after every epoch, and a rerun with the same output folder resumes and ends
 * with the same weights as a run that was never stopped (the shuffling of epoch e is seeded from (seed, e) alone;
 * the pause rule's last losses and D's step count are checkpointed).
 */
public final class GeneratorTrainer {
    private static final ForwardRequest TRAINING = ForwardRequest.of().inTraining();
    /** Test images the per-epoch reconstruction error is measured on. */
    public static final int RECONSTRUCTION_IMAGES = 1000;

    private GeneratorTrainer() {}

    /**
     * The outcome.
     *
     * @param modelDir   where the generator was written (an ordinary Visor model: input (N, code), output (N, 1, 28, 28))
     * @param provenance the training record saved in it
     * @param resumedAt  epochs that were already done in a checkpoint (0 for a fresh run)
     */
    public record Result(Path modelDir, GeneratorProvenance provenance, int resumedAt) {}

    /**
     * Trains (or resumes) and writes the generator to {@code out}.
     *
     * @param train    training images (labels unused)
     * @param test     test images for the per-epoch reconstruction error, or null
     * @param out      output folder (the generator's files and {@code checkpoint/})
     * @param command  the command line, recorded in the model
     */
    public static Result train(GeneratorSettings s, Dataset train, Dataset test, Path out, String command,
                               GeneratorListener listener) {
        try (Model classifier = ModelLoader.load(s.classifier())) {
            return train(s, classifier, train, test, out, command, listener);
        }
    }

    /** As {@link #train(GeneratorSettings, Dataset, Dataset, Path, String, GeneratorListener)} with the classifier loaded. */
    public static Result train(GeneratorSettings s, Model classifier, Dataset train, Dataset test, Path out, String command,
                               GeneratorListener listener) {
        InputSpec spec = classifier.inputSpec();
        if (spec.isVector() || spec.channels() != 1 || spec.height() != GeneratorNets.SIDE || spec.width() != GeneratorNets.SIDE) {
            throw new VisorException("the generator is built for classifiers of 1x28x28 grey images; " + classifier.source()
                    + " takes " + spec);
        }
        int codeLength = CodeLayers.check(classifier, s.codeLayer(), s.featureLayer());
        Dataset data = s.limit() > 0 ? train.head(s.limit()) : train;
        Engine engine = Engines.get();
        boolean gan = s.lambdaGan() > 0;
        Path ckpt = Checkpoint.find(out);
        GeneratorCheckpoint.State state;
        Model g;
        Model d;
        ResumableAdam gAdam;
        ResumableAdam dAdam;
        if (ckpt != null) {
            state = GeneratorCheckpoint.state(ckpt);
            if (!s.equals(state.settings()) || !state.data().equals(data.name())) {
                throw new VisorException("output folder " + out + " holds a checkpoint of another run (" + state.settings() + " on "
                        + state.data() + "); use another --out or delete " + ckpt);
            }
            g = GeneratorCheckpoint.generator(ckpt, "generator");
            d = GeneratorCheckpoint.discriminator(ckpt, "discriminator");
            gAdam = new ResumableAdam(s.learningRate(), state.steps());
            dAdam = new ResumableAdam(s.learningRate(), state.dSteps());
            GeneratorCheckpoint.restore(ckpt, state, g, d, gAdam, dAdam);
            listener.resumed(state.epochsDone());
        } else {
            RunRandom init = new RunRandom(s.seed());
            NDManager gm = Engines.newManager();
            g = new Model(GeneratorNets.generator(codeLength, gm, init.split()), InputSpec.vector(codeLength), List.of(),
                    "generator", gm);
            NDManager dm = Engines.newManager();
            d = new Model(GeneratorNets.discriminator(dm, init.split()), InputSpec.grey01(GeneratorNets.SIDE, GeneratorNets.SIDE),
                    List.of(), "discriminator", dm);
            gAdam = new ResumableAdam(s.learningRate(), 0);
            dAdam = new ResumableAdam(s.learningRate(), 0);
            state = new GeneratorCheckpoint.State(s, data.name(), 0, 0, 0, Double.NaN, Double.NaN, 0, new float[codeLength],
                    List.of(), List.of());
        }
        try (g; d) {
            Map<String, NDArray> gParams = trainable(g);
            Map<String, NDArray> dParams = trainable(d);
            gParams.values().forEach(p -> p.setRequiresGradient(true));
            dParams.values().forEach(p -> p.setRequiresGradient(true));
            int stepsPerEpoch = (data.size() + s.batchSize() - 1) / s.batchSize();
            int totalSteps = stepsPerEpoch * s.epochs();
            Loop loop = new Loop(s, classifier, g, d, gParams, dParams, gAdam, dAdam, gan);
            loop.steps = state.steps();
            loop.dSteps = state.dSteps();
            loop.lastD = state.lastD();
            loop.lastG = state.lastG();
            float[] codeMax = state.codeUnitMax().clone();
            double trainSeconds = state.trainSeconds();
            List<GeneratorProvenance.Epoch> history = new ArrayList<>(state.history());
            for (int epoch = state.epochsDone() + 1; epoch <= s.epochs(); epoch++) {
                long epochSeed = ClassifierTrainer.epochSeed(s.seed(), epoch);
                engine.setRandomSeed((int) epochSeed);
                int[] order = new RunRandom(epochSeed).permutation(data.size());
                listener.epochStarted(epoch, s.epochs(), stepsPerEpoch);
                double[] sums = new double[4];
                int pausedD = 0;
                int pausedG = 0;
                long seen = 0;
                int step = 0;
                long start = System.nanoTime();
                try (NDManager epochManager = g.manager().newSubManager()) {
                    for (Batches.Batch b : Batches.of(data, spec, s.batchSize(), epochManager).order(order)) {
                        try (b) {
                            float lr = ClassifierTrainer.cosine(s.learningRate(), loop.steps, totalSteps);
                            gAdam.setLearningRate(lr);
                            dAdam.setLearningRate(lr);
                            StepLosses l = loop.step(b, codeMax);
                            sums[0] += l.image * b.size();
                            sums[1] += l.feature * b.size();
                            sums[2] += l.ganG * b.size();
                            sums[3] += l.ganD * b.size();
                            pausedD += gan && !l.balance.updateDiscriminator() ? 1 : 0;
                            pausedG += gan && !l.balance.adversarialForG() ? 1 : 0;
                            seen += b.size();
                            step++;
                            listener.stepFinished(epoch, step, sums[0] / seen, sums[1] / seen, sums[3] / seen);
                        }
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                trainSeconds += seconds;
                g.weightsChanged();
                double recon = test == null ? Double.NaN
                        : Reconstruction.meanError(classifier, s.codeLayer(), g, test, RECONSTRUCTION_IMAGES);
                GeneratorProvenance.Epoch r = new GeneratorProvenance.Epoch(epoch, sums[0] / seen, sums[1] / seen,
                        gan ? sums[2] / seen : Double.NaN, gan ? sums[3] / seen : Double.NaN, (double) pausedD / step,
                        (double) pausedG / step, recon, seconds);
                history.add(r);
                GeneratorCheckpoint.save(out, g, d, gAdam, dAdam, new GeneratorCheckpoint.State(s, data.name(), epoch, loop.steps,
                        loop.dSteps, loop.lastD, loop.lastG, trainSeconds, codeMax, history, List.of()));
                listener.epochFinished(r);
            }
            gParams.values().forEach(p -> p.setRequiresGradient(false));
            dParams.values().forEach(p -> p.setRequiresGradient(false));
            float max = 0;
            for (float v : codeMax) {
                max = Math.max(max, v);
            }
            long images = (long) data.size() * s.epochs();
            GeneratorProvenance p = new GeneratorProvenance(GeneratorProvenance.KIND, command, s, data.name(), data.size(),
                    codeLength, max, codeMax, history.get(history.size() - 1).testReconstruction(),
                    test == null ? 0 : Math.min(RECONSTRUCTION_IMAGES, test.size()), trainSeconds, images / trainSeconds,
                    engine.getEngineName() + " " + engine.getVersion() + ", " + System.getProperty("ai.djl.pytorch.num_threads", "?")
                            + " threads", history);
            VisorModelFile.write(g, p, out);
            return new Result(out, p, state.epochsDone());
        }
    }

    /** The losses of one step. */
    private record StepLosses(double image, double feature, double ganG, double ganD, GanBalance balance) {}

    /** One step's work, with the state that carries from step to step. */
    private static final class Loop {
        private final GeneratorSettings s;
        private final Model classifier;
        private final Model g;
        private final Model d;
        private final Map<String, NDArray> gParams;
        private final Map<String, NDArray> dParams;
        private final ResumableAdam gAdam;
        private final ResumableAdam dAdam;
        private final boolean gan;
        int steps;
        int dSteps;
        double lastD;
        double lastG;

        Loop(GeneratorSettings s, Model classifier, Model g, Model d, Map<String, NDArray> gParams, Map<String, NDArray> dParams,
             ResumableAdam gAdam, ResumableAdam dAdam, boolean gan) {
            this.s = s;
            this.classifier = classifier;
            this.g = g;
            this.d = d;
            this.gParams = gParams;
            this.dParams = dParams;
            this.gAdam = gAdam;
            this.dAdam = dAdam;
            this.gan = gan;
        }

        StepLosses step(Batches.Batch b, float[] codeMax) {
            NDArray x = b.images();
            Activations e = classifier.forward(b.input(), s.codeLayer(), s.featureLayer());
            NDArray h = e.get(s.codeLayer());
            NDArray fx = e.get(s.featureLayer());
            float[] hm = h.max(new int[] {0}).toFloatArray();
            for (int i = 0; i < hm.length; i++) {
                codeMax[i] = Math.max(codeMax[i], hm[i]);
            }
            GanBalance balance = gan ? GanBalance.decide(lastD, lastG) : new GanBalance(false, false);
            zeroGradients(gParams);
            NDArray image;
            NDArray lImg;
            NDArray lFeat;
            NDArray lAdv = null;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                image = g.forward(h, TRAINING).output();
                lImg = image.sub(x).square().mean();
                NDArray fg = classifier.forward(classifier.inputSpec().toModel(image), s.featureLayer()).get(s.featureLayer());
                lFeat = fg.sub(fx).square().mean();
                NDArray total = Scalars.times(lImg, s.lambdaImg()).add(Scalars.times(lFeat, s.lambdaFeat()));
                if (gan) {
                    lAdv = softplus(d.forward(image, TRAINING).output().neg()).mean();
                    if (balance.adversarialForG()) {
                        total = total.add(Scalars.times(lAdv, s.lambdaGan()));
                    }
                }
                gc.backward(total);
            }
            update(gParams, gAdam);
            steps++;
            double ganG = Double.NaN;
            double ganD = Double.NaN;
            if (gan) {
                NDArray fake = image.stopGradient();
                NDArray lD;
                if (balance.updateDiscriminator()) {
                    zeroGradients(dParams);
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        lD = discriminatorLoss(x, fake);
                        gc.backward(lD);
                    }
                    update(dParams, dAdam);
                    dSteps++;
                } else {
                    lD = discriminatorLoss(x, fake);
                }
                ganG = lAdv.getFloat();
                ganD = lD.getFloat();
                lastD = ganD;
                lastG = ganG;
            }
            return new StepLosses(lImg.getFloat(), lFeat.getFloat(), ganG, ganD, balance);
        }

        private NDArray discriminatorLoss(NDArray real, NDArray fake) {
            NDArray r = softplus(d.forward(real, TRAINING).output().neg()).mean();
            NDArray f = softplus(d.forward(fake, TRAINING).output()).mean();
            return r.add(f);
        }

        /** Updates the weights from their gradients, then zeroes the gradients (libtorch accumulates them). */
        private static void update(Map<String, NDArray> params, ResumableAdam adam) {
            for (Map.Entry<String, NDArray> en : params.entrySet()) {
                NDArray w = en.getValue();
                try (NDArray grad = w.getGradient()) {
                    adam.update(en.getKey(), w, grad);
                    grad.subi(grad);
                }
            }
        }
    }

    /** log(1 + e^z), stable: max(z, 0) + log(1 + e^−|z|). */
    static NDArray softplus(NDArray z) {
        NDArray one = z.getManager().create(1f);
        return Scalars.max(z, 0).add(z.abs().neg().exp().add(one).log());
    }

    /** Zeroes gradients that other passes (G's adversarial term reaches D's weights) left behind. */
    private static void zeroGradients(Map<String, NDArray> params) {
        for (NDArray w : params.values()) {
            if (w.hasGradient()) {
                try (NDArray grad = w.getGradient()) {
                    grad.subi(grad);
                }
            }
        }
    }

    private static Map<String, NDArray> trainable(Model m) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        m.graph().initializers().forEach((k, v) -> {
            if (GeneratorNets.trainable(k)) {
                out.put(k, v);
            }
        });
        return out;
    }
}
