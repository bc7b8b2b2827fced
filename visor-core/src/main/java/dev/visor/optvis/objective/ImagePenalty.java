package dev.visor.optvis.objective;

import ai.djl.ndarray.NDArray;
import dev.visor.optvis.Filters;
import java.util.Set;

/**
 * Penalties on the image itself (positive magnitudes per item; subtract them with a weight):
 * L1 and L2 distance from grey, total variation, and the blur penalty (distance to a blurred copy).
 * All are means over pixels so weights do not depend on the image size.
 */
public final class ImagePenalty implements Objective {
    /** The kinds of penalty. */
    public enum Kind {
        /** mean |x − 0.5|. */
        L1,
        /** sqrt(mean (x − 0.5)²). */
        L2,
        /** mean |horizontal difference| + mean |vertical difference|. */
        TV,
        /** 0.5 · mean (x − blur(x))², the blur held constant (Lucid's blur_input_each_step). */
        BLUR
    }

    private final Kind kind;

    /** @param kind which penalty */
    public ImagePenalty(Kind kind) {
        this.kind = kind;
    }

    @Override
    public NDArray score(Evaluation e) {
        NDArray x = e.image();
        long n = x.getShape().get(0);
        return switch (kind) {
            case L1 -> x.sub(0.5f).abs().reshape(n, -1).mean(new int[] {1});
            case L2 -> x.sub(0.5f).square().reshape(n, -1).mean(new int[] {1}).add(1e-8f).sqrt();
            case TV -> {
                long h = x.getShape().get(2);
                long w = x.getShape().get(3);
                NDArray dx = x.get(":, :, :, 1:").sub(x.get(":, :, :, :" + (w - 1))).abs().reshape(n, -1).mean(new int[] {1});
                NDArray dy = x.get(":, :, 1:, :").sub(x.get(":, :, :" + (h - 1) + ", :")).abs().reshape(n, -1).mean(new int[] {1});
                yield dx.add(dy);
            }
            case BLUR -> dev.visor.engine.Scalars.times(x.sub(Filters.gaussianBlur(x, 1.0).stopGradient()).square().reshape(n, -1).mean(new int[] {1}), 0.5);
        };
    }

    @Override
    public Set<String> layers() {
        return Set.of();
    }

    @Override
    public void validate(ModelShapes shapes) {
        // Image penalties read no layer.
    }

    @Override
    public String describe() {
        return kind.name().toLowerCase();
    }
}
