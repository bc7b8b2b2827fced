package dev.visor.generative;

import dev.visor.VisorException;

/**
 * Settings of a generator training run ({@link GeneratorTrainer}). With the data they fix the result: the same
 * settings give the same weights on the same engine and thread count.
 *
 * @param classifier   the classifier whose code the generator inverts (a model name, e.g. {@code builtin:fashion-cnn})
 * @param codeLayer    the dense layer whose activation h = E(x) is the generator's input
 * @param featureLayer the convolutional layer E1 of the feature loss ‖E1(G(h)) − E1(x)‖²
 * @param epochs       passes over the training data
 * @param batchSize    images per step
 * @param learningRate Adam's peak learning rate for G and D (cosine schedule to 0 over all steps)
 * @param lambdaImg    weight of the image loss (mean squared pixel error)
 * @param lambdaFeat   weight of the feature loss (mean squared error of E1)
 * @param lambdaGan    weight of the generator's adversarial loss (0: no discriminator is trained)
 * @param seed         seeds the initial weights of G and D and the shuffling
 * @param limit        train on the first {@code limit} images only (0: all)
 */
public record GeneratorSettings(String classifier, String codeLayer, String featureLayer, int epochs, int batchSize,
                                float learningRate, float lambdaImg, float lambdaFeat, float lambdaGan, long seed, int limit) {
    /** Validates the values. */
    public GeneratorSettings {
        if (epochs <= 0) {
            throw new VisorException("--epochs must be positive, got " + epochs);
        }
        if (batchSize <= 0) {
            throw new VisorException("--batch-size must be positive, got " + batchSize);
        }
        if (!(learningRate > 0)) {
            throw new VisorException("--lr must be positive, got " + learningRate);
        }
        if (!(lambdaImg >= 0) || !(lambdaFeat >= 0) || !(lambdaGan >= 0) || lambdaImg + lambdaFeat == 0) {
            throw new VisorException("--lambda-img, --lambda-feat and --lambda-gan must be >= 0 and img + feat > 0, got "
                    + lambdaImg + ", " + lambdaFeat + ", " + lambdaGan);
        }
        if (limit < 0) {
            throw new VisorException("--limit must be 0 (all) or positive, got " + limit);
        }
    }

    /** The default classifier. */
    public static final String CLASSIFIER = "builtin:fashion-cnn";
    /** The default code layer: fashion-cnn's 128-unit penultimate layer after its ReLU (the analogue of fc6). */
    public static final String CODE_LAYER = "relu_fc1";
    /** The default feature layer: fashion-cnn's last convolution after its ReLU (64×14×14). */
    public static final String FEATURE_LAYER = "relu2";

    /**
     * Defaults: builtin:fashion-cnn, code relu_fc1, features relu2, 6 epochs, batch 64, learning rate 2e-3,
     * λ_img 1, λ_feat 0.1, λ_GAN 0.005, seed 1, all images. The weights make the three terms' contributions about
     * 0.04 : 0.007 : 0.005 at the start (mean squared pixel error, relu2's mean squared error, softplus ≈ 0.7–1).
     */
    public static GeneratorSettings defaults() {
        return new GeneratorSettings(CLASSIFIER, CODE_LAYER, FEATURE_LAYER, 6, 64, 2e-3f, 1f, 0.1f, 0.005f, 1, 0);
    }

    /** With another classifier. */
    public GeneratorSettings withClassifier(String c) {
        return new GeneratorSettings(c, codeLayer, featureLayer, epochs, batchSize, learningRate, lambdaImg, lambdaFeat,
                lambdaGan, seed, limit);
    }

    /** With another code layer. */
    public GeneratorSettings withCodeLayer(String l) {
        return new GeneratorSettings(classifier, l, featureLayer, epochs, batchSize, learningRate, lambdaImg, lambdaFeat,
                lambdaGan, seed, limit);
    }

    /** With another feature layer. */
    public GeneratorSettings withFeatureLayer(String l) {
        return new GeneratorSettings(classifier, codeLayer, l, epochs, batchSize, learningRate, lambdaImg, lambdaFeat,
                lambdaGan, seed, limit);
    }

    /** With another number of epochs. */
    public GeneratorSettings withEpochs(int n) {
        return new GeneratorSettings(classifier, codeLayer, featureLayer, n, batchSize, learningRate, lambdaImg, lambdaFeat,
                lambdaGan, seed, limit);
    }

    /** With another batch size. */
    public GeneratorSettings withBatchSize(int n) {
        return new GeneratorSettings(classifier, codeLayer, featureLayer, epochs, n, learningRate, lambdaImg, lambdaFeat,
                lambdaGan, seed, limit);
    }

    /** With another peak learning rate. */
    public GeneratorSettings withLearningRate(float lr) {
        return new GeneratorSettings(classifier, codeLayer, featureLayer, epochs, batchSize, lr, lambdaImg, lambdaFeat,
                lambdaGan, seed, limit);
    }

    /** With other loss weights. */
    public GeneratorSettings withLambdas(float img, float feat, float gan) {
        return new GeneratorSettings(classifier, codeLayer, featureLayer, epochs, batchSize, learningRate, img, feat, gan,
                seed, limit);
    }

    /** With another seed. */
    public GeneratorSettings withSeed(long s) {
        return new GeneratorSettings(classifier, codeLayer, featureLayer, epochs, batchSize, learningRate, lambdaImg,
                lambdaFeat, lambdaGan, s, limit);
    }

    /** Training on the first {@code n} images only (0: all). */
    public GeneratorSettings withLimit(int n) {
        return new GeneratorSettings(classifier, codeLayer, featureLayer, epochs, batchSize, learningRate, lambdaImg,
                lambdaFeat, lambdaGan, seed, n);
    }
}
