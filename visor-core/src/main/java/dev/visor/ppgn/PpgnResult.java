package dev.visor.ppgn;

import dev.visor.generative.RealismScore;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;

/**
 * What a PPGN run made.
 *
 * @param conditions  the condition of each chain group, in order (objective text, caption or "inpaint")
 * @param chains      chains per condition
 * @param samples     the kept samples, chain-major (chain c's samples in step order)
 * @param frames      per chain (condition-major), the images every {@code gifEvery} steps (for the GIFs)
 * @param realism     the realism score of all kept samples (null without a judge)
 * @param realismByCondition the realism score of each condition's samples (empty without a judge)
 * @param sampler     the step rule's description
 * @param steps       steps run
 * @param seconds     wall time of the sampling
 */
public record PpgnResult(List<String> conditions, int chains, List<Sample> samples, List<List<BufferedImage>> frames,
                         RealismScore.Score realism, Map<String, RealismScore.Score> realismByCondition, String sampler, int steps,
                         double seconds) {
    /**
     * One kept sample.
     *
     * @param chain       the chain index (condition j, chain k at j·chains + k)
     * @param condition   the condition text
     * @param step        the step it was taken at
     * @param target      the conditioned class, or -1
     * @param probability the condition's probability: p(target) for a class, p(caption | x) for a caption,
     *                    p(top-1) of the real image's class for an inpainting; the objective's value otherwise
     * @param top1        the classifier's top-1 class
     * @param judgeTop1   the judge's top-1 class (-1 without a judge)
     * @param judgeProb   the judge's probability of it
     * @param image       the sample (known pixels pasted back for an inpainting)
     */
    public record Sample(int chain, String condition, int step, int target, float probability, int top1, int judgeTop1,
                         float judgeProb, BufferedImage image) {}
}
