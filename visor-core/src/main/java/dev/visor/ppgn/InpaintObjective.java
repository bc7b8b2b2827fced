package dev.visor.ppgn;

import ai.djl.ndarray.NDArray;
import dev.visor.optvis.objective.Evaluation;
import dev.visor.optvis.objective.Objective;
import java.util.Set;

/**
 * PPGN's inpainting term: −ε4 · Σ M ⊙ (G(h) − x)² over the known pixels (M = 1 outside the masked
 * patch), so that its ascent gradient is −ε4·∂‖M⊙(G(h) − x)‖²/∂h and pulls the generated image
 * towards the real one where it is known. Summed with a condition (the real image's class).
 *
 * @param known  the real images x (N or 1, C, H, W) in [0, 1], owned by the caller
 * @param mask   M: 1 for known pixels, 0 in the patch, same shape or broadcastable
 * @param weight ε4
 */
public record InpaintObjective(NDArray known, NDArray mask, double weight) implements Objective {
    @Override
    public NDArray score(Evaluation e) {
        NDArray img = e.image();
        NDArray diff = img.sub(known).mul(mask);
        NDArray w = img.getManager().create((float) -weight);
        return diff.square().reshape(img.getShape().get(0), -1).sum(new int[] {1}).mul(w);
    }

    @Override
    public void validate(dev.visor.optvis.objective.ModelShapes shapes) {
        // Reads only the image, not the classifier's layers.
    }

    @Override
    public Set<String> layers() {
        return Set.of();
    }

    @Override
    public String describe() {
        return "inpaint(ε4 " + weight + ")";
    }
}
