package dev.visor.generative;

import java.util.List;

/**
 * How a generator was trained, stored as the {@code training} record of its {@code visor-model.json} (read it with
 * {@code VisorModelFile.training(source, GeneratorProvenance.class)}): the command, settings and seed that retrain
 * it, the code it inverts and what came out.
 *
 * @param kind                 always {@value #KIND}
 * @param command              the command line that trained it
 * @param settings             all settings (classifier, code and feature layers, loss weights, seed, ...)
 * @param data                 the training data
 * @param trainImages          training images per epoch
 * @param codeLength           length of the code h (the generator's input is (N, codeLength))
 * @param codeMax              the largest code value observed on the training data (DGN-AM clips h to [0, 3·codeMax])
 * @param codeUnitMax          the largest value of each code unit on the training data
 * @param reconstructionError  mean over {@code reconstructionImages} test images of ‖G(E(x)) − x‖² (sum over pixels,
 *                             images in [0, 1]) after the last epoch; NaN without test data
 * @param reconstructionImages how many test images that mean is over
 * @param trainSeconds         wall time of the training steps, all epochs (evaluation excluded)
 * @param imagesPerSecond      training throughput
 * @param engine               tensor engine and thread count
 * @param history              per-epoch losses
 */
public record GeneratorProvenance(String kind, String command, GeneratorSettings settings, String data, int trainImages,
                                  int codeLength, float codeMax, float[] codeUnitMax, double reconstructionError,
                                  int reconstructionImages, double trainSeconds, double imagesPerSecond, String engine,
                                  List<Epoch> history) {
    /** The value of {@link #kind}. */
    public static final String KIND = "generator";

    /**
     * One epoch: mean training losses over its steps and the test reconstruction after it.
     *
     * @param epoch               1-based epoch number
     * @param imageLoss           mean squared pixel error ‖G(h) − x‖² / pixels (before λ_img)
     * @param featureLoss         mean squared error of the feature layer (before λ_feat)
     * @param ganGeneratorLoss    the generator's adversarial loss softplus(−D(G(h))) (before λ_GAN; NaN without GAN)
     * @param ganDiscriminatorLoss the discriminator's loss softplus(−D(x)) + softplus(D(G(h))) (NaN without GAN)
     * @param discriminatorPaused fraction of steps whose discriminator update was paused (it was winning by 10×)
     * @param adversarialPaused   fraction of steps whose generator adversarial term was paused (G winning by 10×)
     * @param testReconstruction  mean ‖G(E(x)) − x‖² per test image after the epoch (NaN without test data)
     * @param seconds             wall time of the epoch's training steps
     */
    public record Epoch(int epoch, double imageLoss, double featureLoss, double ganGeneratorLoss, double ganDiscriminatorLoss,
                        double discriminatorPaused, double adversarialPaused, double testReconstruction, double seconds) {}
}
