package dev.visor.optvis.objective;

import ai.djl.ndarray.NDArray;
import dev.visor.VisorException;
import dev.visor.engine.Scalars;
import java.util.Set;

/**
 * The natural-image priors of network inversion (Mahendran and Vedaldi 2015, REFERENCE.md §4), positive
 * magnitudes per batch item (subtract them with their weight λ). Both are means over pixels, so a weight
 * does not depend on the image size:
 * <ul>
 *   <li>{@link #alphaNorm}: R_α(x) = mean_{c,i,j} |s·(x_cij − m)|^α, the α-norm ‖x‖_α^α of the image with its
 *       mean grey m removed, measured at the pixel scale s (255 for the published λ_α at a 0..255 range);
 *       with a large α (6) it is a soft box that keeps pixels in range and is nearly flat inside it;</li>
 *   <li>{@link #tvBeta}: TV_β(x) = mean_{c,i,j} ((x_{c,i,j+1} − x_cij)² + (x_{c,i+1,j} − x_cij)²)^{β/2} in
 *       [0, 1] image units (β = 2: the squared gradient, which favours smooth images without the
 *       spikes of β = 1).</li>
 * </ul>
 */
public final class NormPenalty implements Objective {
    private final boolean tv;
    private final double exponent;
    private final double centre;
    private final double scale;

    private NormPenalty(boolean tv, double exponent, double centre, double scale) {
        if (!(exponent >= 1) || !Double.isFinite(exponent)) {
            throw new VisorException((tv ? "TV β" : "α") + " must be a number of at least 1, got " + exponent);
        }
        this.tv = tv;
        this.exponent = exponent;
        this.centre = centre;
        this.scale = scale;
    }

    /**
     * R_α at pixel scale {@code scale} around grey {@code centre}.
     *
     * @param alpha  the exponent α ≥ 1 (published: 6)
     * @param centre the mean grey removed, in [0, 1]
     * @param scale  pixel units per image unit (255: values on a 0..255 range)
     */
    public static NormPenalty alphaNorm(double alpha, double centre, double scale) {
        return new NormPenalty(false, alpha, centre, scale);
    }

    /** TV_β in [0, 1] image units (published: β = 2). */
    public static NormPenalty tvBeta(double beta) {
        return new NormPenalty(true, beta, 0, 1);
    }

    @Override
    public NDArray score(Evaluation e) {
        NDArray x = e.image();
        long n = x.getShape().get(0);
        if (!tv) {
            NDArray d = Scalars.times(x.sub((float) centre), scale).abs();
            return Scalars.pow(d, exponent).reshape(n, -1).mean(new int[] {1});
        }
        long h = x.getShape().get(2);
        long w = x.getShape().get(3);
        // Forward differences on the (H−1)×(W−1) grid where both exist.
        NDArray base = x.get(":, :, :" + (h - 1) + ", :" + (w - 1));
        NDArray dx = x.get(":, :, :" + (h - 1) + ", 1:").sub(base);
        NDArray dy = x.get(":, :, 1:, :" + (w - 1)).sub(base);
        NDArray sq = dx.square().add(dy.square());
        NDArray v = exponent == 2 ? sq : Scalars.pow(sq.add(1e-12f), exponent / 2);
        return v.reshape(n, -1).mean(new int[] {1});
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
        return tv ? "tv_beta(" + Objectives.number(exponent) + ")" : "alpha_norm(" + Objectives.number(exponent) + ")";
    }
}
