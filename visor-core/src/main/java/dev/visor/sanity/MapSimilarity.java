package dev.visor.sanity;

import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;

/**
 * The similarity measures of Adebayo et al. 2018 between an original and a randomised attribution map, both
 * reduced to (H, W) magnitudes |map| (summed over channels for per-channel maps).
 */
public final class MapSimilarity {
    /** SSIM constants for values in [0, 1] (Wang et al. 2004: K1 = 0.01, K2 = 0.03, L = 1). */
    private static final double C1 = 0.01 * 0.01;
    private static final double C2 = 0.03 * 0.03;
    /** SSIM window side. */
    static final int WINDOW = 7;

    private MapSimilarity() {}

    /** Spearman rank correlation (ties take their average rank; commons-math). A constant map gives 0. */
    public static double spearman(float[] a, float[] b) {
        double[] x = toDouble(a);
        double[] y = toDouble(b);
        double r = new SpearmansCorrelation().correlation(x, y);
        return Double.isNaN(r) ? 0 : r;
    }

    /**
     * Mean SSIM over all {@value #WINDOW}×{@value #WINDOW} windows (uniform weights) of the two maps, each
     * divided by its maximum first: SSIM = (2μ_aμ_b + C1)(2σ_ab + C2) / ((μ_a² + μ_b² + C1)(σ_a² + σ_b² + C2)).
     */
    public static double ssim(float[] a, float[] b, int h, int w) {
        double[] x = scaled(a);
        double[] y = scaled(b);
        int k = Math.min(WINDOW, Math.min(h, w));
        double total = 0;
        int windows = 0;
        for (int i = 0; i + k <= h; i++) {
            for (int j = 0; j + k <= w; j++) {
                double sx = 0;
                double sy = 0;
                double sxx = 0;
                double syy = 0;
                double sxy = 0;
                for (int u = 0; u < k; u++) {
                    int row = (i + u) * w + j;
                    for (int v = 0; v < k; v++) {
                        double p = x[row + v];
                        double q = y[row + v];
                        sx += p;
                        sy += q;
                        sxx += p * p;
                        syy += q * q;
                        sxy += p * q;
                    }
                }
                double n = k * k;
                double mx = sx / n;
                double my = sy / n;
                double vx = sxx / n - mx * mx;
                double vy = syy / n - my * my;
                double cxy = sxy / n - mx * my;
                total += (2 * mx * my + C1) * (2 * cxy + C2) / ((mx * mx + my * my + C1) * (vx + vy + C2));
                windows++;
            }
        }
        return total / windows;
    }

    /** |map| per pixel of a (C, H, W) or (H, W) map, summed over channels. */
    public static float[] magnitude(float[] map, int pixels) {
        float[] out = new float[pixels];
        for (int i = 0; i < map.length; i++) {
            out[i % pixels] += Math.abs(map[i]);
        }
        return out;
    }

    private static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    private static double[] scaled(float[] v) {
        double max = 0;
        for (float f : v) {
            max = Math.max(max, f);
        }
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = max > 0 ? v[i] / max : 0;
        }
        return d;
    }
}
