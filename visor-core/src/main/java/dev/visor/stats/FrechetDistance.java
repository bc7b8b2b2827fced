package dev.visor.stats;

import dev.visor.VisorException;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * The Fréchet distance between two Gaussians fitted to two feature sets (the FID formula, any feature extractor):
 * FD = ‖μ₁ − μ₂‖² + Tr(Σ₁ + Σ₂ − 2(Σ₁^{1/2} Σ₂ Σ₁^{1/2})^{1/2}). Σ₁^{1/2} comes from the symmetric
 * eigendecomposition of Σ₁ (negative eigenvalues of round-off clamped to 0); the trace of the square root of the
 * symmetric PSD matrix Σ₁^{1/2} Σ₂ Σ₁^{1/2} is the sum of the square roots of its eigenvalues. Covariances are the
 * unbiased sample covariances (n − 1). Small sets bias FD upward: compare sets of equal size.
 */
public final class FrechetDistance {
    private FrechetDistance() {}

    /** A distance with its bootstrap spread. */
    public record Estimate(double distance, double spread, int n1, int n2, int resamples) {}

    /** FD between the Gaussians (μ₁, Σ₁) and (μ₂, Σ₂). */
    public static double between(double[] mu1, double[][] sigma1, double[] mu2, double[][] sigma2) {
        int d = mu1.length;
        if (mu2.length != d || sigma1.length != d || sigma2.length != d) {
            throw new VisorException("Fréchet distance needs features of one size, got " + d + " and " + mu2.length);
        }
        double mean = 0;
        for (int i = 0; i < d; i++) {
            double t = mu1[i] - mu2[i];
            mean += t * t;
        }
        DMatrixRMaj s1 = new DMatrixRMaj(sigma1);
        DMatrixRMaj s2 = new DMatrixRMaj(sigma2);
        DMatrixRMaj root1 = sqrtSymmetric(s1);
        DMatrixRMaj tmp = new DMatrixRMaj(d, d);
        DMatrixRMaj m = new DMatrixRMaj(d, d);
        CommonOps_DDRM.mult(root1, s2, tmp);
        CommonOps_DDRM.mult(tmp, root1, m);
        symmetrise(m);
        double traceRoot = 0;
        for (double e : eigenvalues(m)) {
            traceRoot += Math.sqrt(Math.max(0, e));
        }
        double fd = mean + CommonOps_DDRM.trace(s1) + CommonOps_DDRM.trace(s2) - 2 * traceRoot;
        return Math.max(0, fd);
    }

    /** FD between two feature sets (rows are items). */
    public static double of(double[][] a, double[][] b) {
        return between(mean(a), covariance(a), mean(b), covariance(b));
    }

    /**
     * FD with a bootstrap spread: the standard deviation of FD over {@code resamples} resamplings of both sets with
     * replacement (seeded).
     */
    public static Estimate withSpread(double[][] a, double[][] b, int resamples, long seed) {
        double fd = of(a, b);
        Random r = new Random(seed);
        double sum = 0;
        double sq = 0;
        for (int k = 0; k < resamples; k++) {
            double v = of(resample(a, r), resample(b, r));
            sum += v;
            sq += v * v;
        }
        double spread = resamples > 1 ? Math.sqrt(Math.max(0, (sq - sum * sum / resamples) / (resamples - 1))) : 0;
        return new Estimate(fd, spread, a.length, b.length, resamples);
    }

    private static double[][] resample(double[][] x, Random r) {
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[r.nextInt(x.length)];
        }
        return out;
    }

    /** The mean of the rows. */
    public static double[] mean(double[][] x) {
        if (x.length == 0) {
            throw new VisorException("Fréchet distance needs at least two items per set");
        }
        double[] mu = new double[x[0].length];
        for (double[] row : x) {
            for (int j = 0; j < mu.length; j++) {
                mu[j] += row[j];
            }
        }
        for (int j = 0; j < mu.length; j++) {
            mu[j] /= x.length;
        }
        return mu;
    }

    /** The unbiased sample covariance of the rows. */
    public static double[][] covariance(double[][] x) {
        int n = x.length;
        if (n < 2) {
            throw new VisorException("Fréchet distance needs at least two items per set, got " + n);
        }
        double[] mu = mean(x);
        int d = mu.length;
        DMatrixRMaj c = new DMatrixRMaj(n, d);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                c.set(i, j, x[i][j] - mu[j]);
            }
        }
        DMatrixRMaj cov = new DMatrixRMaj(d, d);
        CommonOps_DDRM.multTransA(c, c, cov);
        CommonOps_DDRM.scale(1.0 / (n - 1), cov);
        double[][] out = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                out[i][j] = cov.get(i, j);
            }
        }
        return out;
    }

    /** The PSD square root of a symmetric matrix through its eigendecomposition. */
    static DMatrixRMaj sqrtSymmetric(DMatrixRMaj s) {
        int d = s.numRows;
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, true, true);
        DMatrixRMaj copy = s.copy();
        symmetrise(copy);
        if (!eig.decompose(copy)) {
            throw new VisorException("eigendecomposition of a " + d + "x" + d + " covariance failed");
        }
        DMatrixRMaj out = new DMatrixRMaj(d, d);
        for (int k = 0; k < eig.getNumberOfEigenvalues(); k++) {
            double lambda = Math.sqrt(Math.max(0, eig.getEigenvalue(k).getReal()));
            DMatrixRMaj v = eig.getEigenVector(k);
            if (v == null || lambda == 0) {
                continue;
            }
            for (int i = 0; i < d; i++) {
                double vi = v.get(i) * lambda;
                for (int j = 0; j < d; j++) {
                    out.add(i, j, vi * v.get(j));
                }
            }
        }
        return out;
    }

    private static double[] eigenvalues(DMatrixRMaj m) {
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(m.numRows, false, true);
        if (!eig.decompose(m.copy())) {
            throw new VisorException("eigendecomposition of a " + m.numRows + "x" + m.numRows + " matrix failed");
        }
        double[] e = new double[eig.getNumberOfEigenvalues()];
        for (int k = 0; k < e.length; k++) {
            e[k] = eig.getEigenvalue(k).getReal();
        }
        return e;
    }

    private static void symmetrise(DMatrixRMaj m) {
        for (int i = 0; i < m.numRows; i++) {
            for (int j = i + 1; j < m.numCols; j++) {
                double v = 0.5 * (m.get(i, j) + m.get(j, i));
                m.set(i, j, v);
                m.set(j, i, v);
            }
        }
    }
}
