package dev.visor.optvis.step;

import ai.djl.ndarray.NDArray;
import dev.visor.VisorException;
import dev.visor.optvis.RenderSettings;

/**
 * The PPGN sampler (Nguyen et al. 2017, Eq. 11) as a step rule on a latent parameterisation:
 * <pre>
 *   Δh = ε1·(R(h) − h) + ε2·∂log p(y | G(h))/∂h + N(0, ε3²)
 *   h ← h + lr · Δh / mean|Δh|          (mean over each chain's code)
 * </pre>
 * The condition's gradient is the renderer's ascent gradient of its objective (class log-probability,
 * a unit, a caption's log-probability, an inpainting term, or any sum of them); R is a {@link CodePrior}.
 * Clipping h is {@link LatentClip}, run after this step.
 *
 * @param prior the reconstruction R
 * @param eps1  weight of the prior term
 * @param eps2  weight of the condition's gradient
 * @param eps3  std of the noise
 * @param lr    step size after normalising by mean|Δh|
 */
public record PpgnStep(CodePrior prior, double eps1, double eps2, double eps3, double lr) implements StepRule {
    /** Published ε1 (Nguyen et al. 2017, class-conditional sampling). */
    public static final double EPS1 = 1e-5;
    /** Published ε2. */
    public static final double EPS2 = 1;
    /** Published ε3. */
    public static final double EPS3 = 1e-17;
    /** Published learning rate. */
    public static final double LR = 1;

    /** Validates the values. */
    public PpgnStep {
        if (prior == null && eps1 != 0) {
            throw new VisorException("the PPGN step needs a prior R for ε1 ≠ 0 (--dae)");
        }
        for (double e : new double[] {eps1, eps2, eps3}) {
            if (!(e >= 0) || !Double.isFinite(e)) {
                throw new VisorException("PPGN ε1, ε2, ε3 must be finite and ≥ 0, got " + eps1 + ", " + eps2 + ", " + eps3);
            }
        }
        if (!(lr > 0) || !Double.isFinite(lr)) {
            throw new VisorException("PPGN learning rate must be positive, got " + lr);
        }
        if (eps1 == 0 && eps2 == 0 && eps3 == 0) {
            throw new VisorException("PPGN ε1, ε2 and ε3 are all 0: the chain would not move");
        }
    }

    /** The published settings with this prior. */
    public static PpgnStep defaults(CodePrior prior) {
        return new PpgnStep(prior, EPS1, EPS2, EPS3, LR);
    }

    @Override
    public void step(StepContext ctx) {
        ctx.latent("the PPGN sampler");
        NDArray h = ctx.local(0);
        NDArray g = ctx.gradients().get(0);
        // Outside the render's gradient scope: R(h) records no graph (the ε1 term needs only its value).
        NDArray d = eps2 == 1 ? g : g.mul(ctx.scalar(eps2));
        if (eps1 != 0) {
            d = d.add(prior.reconstruct(h).sub(h).mul(ctx.scalar(eps1)));
        }
        if (eps3 != 0) {
            d = d.add(ctx.random().normal(ctx.manager(), h.getShape(), (float) eps3));
        }
        int[] perItem = new int[d.getShape().dimension() - 1];
        for (int i = 0; i < perItem.length; i++) {
            perItem[i] = i + 1;
        }
        // h + lr·d / mean|d| as one division by (mean|d| + tiny) / lr, kept per item.
        NDArray divisor = d.abs().mean(perItem, true).add(ctx.scalar(1e-30));
        if (lr != 1) {
            divisor = divisor.div(ctx.scalar(lr));
        }
        ctx.param().update(0, h.add(d.div(divisor)));
    }

    @Override
    public String describe() {
        return "ppgn(ε1 " + eps1 + ", ε2 " + eps2 + ", ε3 " + eps3 + ", lr " + lr + ", R " + (prior == null ? "none" : prior.describe()) + ")";
    }

    /** {@code ppgn}: registered so the name resolves; it needs a prior R, which render settings do not hold. */
    public static final class Kind implements StepRuleKind {
        @Override
        public String name() {
            return "ppgn";
        }

        @Override
        public StepRule create(RenderSettings s) {
            throw new VisorException("the ppgn step rule needs a generator and a prior R; use visor ppgn --generator G --dae R");
        }
    }
}
