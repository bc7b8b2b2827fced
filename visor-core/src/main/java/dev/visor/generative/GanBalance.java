package dev.visor.generative;

/**
 * The paper's rule for keeping the generator and the discriminator in balance (REFERENCE §3, after Dosovitskiy &
 * Brox 2016): with r = L_D / L_G,adv, the ratio of the discriminator's loss to the generator's adversarial loss on
 * the previous step,
 * <ul>
 *   <li>r &lt; {@value #RATIO_LOW}: the discriminator is winning by 10×, so its update is paused;</li>
 *   <li>r &gt; {@value #RATIO_HIGH}: the generator is winning by 10×, so the adversarial term of its loss is paused
 *       (it still learns from the image and feature losses);</li>
 *   <li>otherwise both sides train.</li>
 * </ul>
 * The first step (no losses yet) trains both.
 *
 * @param updateDiscriminator whether the discriminator takes its step
 * @param adversarialForG     whether the generator's loss includes λ_GAN·L_G,adv
 */
public record GanBalance(boolean updateDiscriminator, boolean adversarialForG) {
    /** Below this ratio the discriminator pauses. */
    public static final double RATIO_LOW = 0.1;
    /** Above this ratio the generator's adversarial term pauses. */
    public static final double RATIO_HIGH = 10;

    /**
     * The decision for the next step.
     *
     * @param dLoss the discriminator's loss on the previous step (NaN when there is none yet)
     * @param gLoss the generator's adversarial loss on the previous step (NaN when there is none yet)
     */
    public static GanBalance decide(double dLoss, double gLoss) {
        if (Double.isNaN(dLoss) || Double.isNaN(gLoss)) {
            return new GanBalance(true, true);
        }
        double r = gLoss > 0 ? dLoss / gLoss : Double.POSITIVE_INFINITY;
        if (r < RATIO_LOW) {
            return new GanBalance(false, true);
        }
        if (r > RATIO_HIGH) {
            return new GanBalance(true, false);
        }
        return new GanBalance(true, true);
    }
}
