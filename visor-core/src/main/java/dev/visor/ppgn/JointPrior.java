package dev.visor.ppgn;

import ai.djl.ndarray.NDArray;
import dev.visor.generative.LatentGenerator;
import dev.visor.model.ForwardRequest;
import dev.visor.model.Model;
import dev.visor.optvis.step.CodePrior;

/**
 * The reconstruction of a Noiseless Joint PPGN-h: R(h) = E(G(h)), the generator's image encoded
 * again by the classifier up to the code layer (no denoising autoencoder, no noise).
 *
 * @param generator G, mapped to the classifier's input
 * @param encoder   the classifier E
 * @param codeLayer the layer of h in E
 */
public record JointPrior(LatentGenerator generator, Model encoder, String codeLayer) implements CodePrior {
    @Override
    public NDArray reconstruct(NDArray h) {
        String t = encoder.resolve(codeLayer);
        NDArray x = encoder.inputSpec().toModel(generator.images(h));
        return encoder.forward(x, ForwardRequest.of(t).reference()).get(t).reshape(h.getShape());
    }

    @Override
    public String describe() {
        return "joint E(G(h)) at " + codeLayer;
    }
}
