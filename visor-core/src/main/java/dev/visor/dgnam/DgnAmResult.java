package dev.visor.dgnam;

import dev.visor.generative.CodeRange;
import dev.visor.generative.RealismScore;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;

/**
 * What a DGN-AM run made.
 *
 * @param items        one entry per rendered image, objective-major (objective j, copy k at j·copies + k)
 * @param images       the images, as the classifier saw them (its channels and size), in item order
 * @param codes        the final codes h, flattened per item
 * @param startCodes   the start codes, flattened per item
 * @param codeShape    the code's shape without the batch axis
 * @param codeRange    the code layer's range over real data (null when no code layer is known)
 * @param realism      the realism score of all images (null without a judge)
 * @param realismByObjective the realism score of each objective's copies (empty with fewer than 2 copies or no judge)
 * @param generator    the generator's description
 * @param steps        steps run
 * @param seconds      wall time of the optimisation
 */
public record DgnAmResult(List<Item> items, List<BufferedImage> images, float[][] codes, float[][] startCodes, long[] codeShape,
                          CodeRange codeRange, RealismScore.Score realism, Map<String, RealismScore.Score> realismByObjective,
                          String generator, int steps, double seconds) {
    /**
     * One image.
     *
     * @param index       the item index
     * @param objective   the objective text
     * @param copy        the copy (start code) index
     * @param target      the class the objective maximises, or -1 when it is not a class objective
     * @param start       the objective on the start code's image
     * @param end         the objective on the final image
     * @param top1        the classifier's top-1 class of the image
     * @param top1Label   its label
     * @param top1Prob    its probability
     * @param judgeTop1   the judge's top-1 class (-1 without a judge)
     * @param judgeProb   the judge's probability of its top-1 class
     * @param code        statistics of the final code
     */
    public record Item(int index, String objective, int copy, int target, float start, float end, int top1, String top1Label,
                       float top1Prob, int judgeTop1, float judgeProb, CodeStats code) {}

    /**
     * Statistics of a code h.
     *
     * @param mean         its mean
     * @param max          its largest value
     * @param l2           its Euclidean norm
     * @param zeroFraction the fraction of units at 0
     * @param atUpperFraction the fraction of units at the clip's upper bound (0 without a clip)
     */
    public record CodeStats(double mean, double max, double l2, double zeroFraction, double atUpperFraction) {
        /** The statistics of a code; {@code upper} may be null (no clip). */
        public static CodeStats of(float[] h, float[] upper) {
            double sum = 0;
            double sq = 0;
            double max = Double.NEGATIVE_INFINITY;
            int zero = 0;
            int top = 0;
            for (int j = 0; j < h.length; j++) {
                sum += h[j];
                sq += (double) h[j] * h[j];
                max = Math.max(max, h[j]);
                zero += Math.abs(h[j]) <= 1e-6 ? 1 : 0;
                top += upper != null && upper[j] > 0 && h[j] >= upper[j] * (1 - 1e-6) ? 1 : 0;
            }
            return new CodeStats(sum / h.length, max, Math.sqrt(sq), zero / (double) h.length, top / (double) h.length);
        }
    }

    /** The fraction of class-objective items whose classifier top-1 is their class (NaN when there are none). */
    public double hitRate() {
        return rate(false);
    }

    /** The same under the judge. */
    public double judgeHitRate() {
        return rate(true);
    }

    private double rate(boolean judge) {
        int n = 0;
        int hit = 0;
        for (Item i : items) {
            if (i.target() >= 0) {
                n++;
                hit += (judge ? i.judgeTop1() : i.top1()) == i.target() ? 1 : 0;
            }
        }
        return n == 0 ? Double.NaN : hit / (double) n;
    }
}
