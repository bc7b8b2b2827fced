package dev.visor.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;

/** The Fréchet distance against closed forms and an independent commons-math recomputation. */
class FrechetDistanceTest {
    @Test
    void diagonalCovariancesMatchTheClosedForm() {
        // For commuting (diagonal) covariances FD = Σ (μ1−μ2)² + Σ (σ1 − σ2)², σ the standard deviations.
        double[] mu1 = {0, 1, 2};
        double[] mu2 = {1, 1, -1};
        double[] var1 = {1, 4, 9};
        double[] var2 = {4, 1, 0.25};
        double want = 1 + 0 + 9 + (1 - 2) * (1 - 2) + (2 - 1) * (2 - 1) + (3 - 0.5) * (3 - 0.5);
        assertEquals(want, FrechetDistance.between(mu1, diag(var1), mu2, diag(var2)), 1e-9);
    }

    @Test
    void fullCovariancesMatchTheEigenvaluesOfTheirProduct() {
        // Independent path: Tr((Σ1Σ2)^{1/2}) = Σ sqrt(eigenvalues of the non-symmetric product Σ1Σ2) (commons-math).
        Random r = new Random(7);
        for (int trial = 0; trial < 5; trial++) {
            int d = 2 + trial * 3;
            double[][] s1 = randomSpd(d, r);
            double[][] s2 = randomSpd(d, r);
            double[] mu1 = randomVector(d, r);
            double[] mu2 = randomVector(d, r);
            RealMatrix a = new Array2DRowRealMatrix(s1);
            RealMatrix b = new Array2DRowRealMatrix(s2);
            double[] eig = new EigenDecomposition(a.multiply(b)).getRealEigenvalues();
            double root = 0;
            for (double e : eig) {
                root += Math.sqrt(Math.max(0, e));
            }
            double mean = 0;
            for (int i = 0; i < d; i++) {
                mean += (mu1[i] - mu2[i]) * (mu1[i] - mu2[i]);
            }
            double want = mean + a.getTrace() + b.getTrace() - 2 * root;
            assertEquals(want, FrechetDistance.between(mu1, s1, mu2, s2), 1e-7 * Math.max(1, want), "d = " + d);
        }
    }

    @Test
    void identicalGaussiansAreAtDistanceZeroAndShiftedOnesAtTheShift() {
        Random r = new Random(3);
        double[][] s = randomSpd(6, r);
        double[] mu = randomVector(6, r);
        assertEquals(0, FrechetDistance.between(mu, s, mu, s), 1e-8);
        double[] shifted = mu.clone();
        shifted[2] += 3;
        assertEquals(9, FrechetDistance.between(mu, s, shifted, s), 1e-7);
    }

    @Test
    void samplesOfKnownGaussiansGiveTheirDistanceWithASpreadThatCoversIt() {
        Random r = new Random(11);
        int n = 4000;
        int d = 4;
        double[][] a = new double[n][d];
        double[][] b = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                a[i][j] = r.nextGaussian();
                b[i][j] = 2 * r.nextGaussian() + (j == 0 ? 1 : 0);
            }
        }
        // Truth: ‖(1,0,0,0)‖² + 4·(1 − 2)² = 5.
        FrechetDistance.Estimate e = FrechetDistance.withSpread(a, b, 20, 5);
        assertEquals(5, e.distance(), 0.3);
        assertTrue(e.spread() > 0 && e.spread() < 0.5, "spread " + e.spread());
        assertTrue(Math.abs(e.distance() - 5) < 4 * e.spread() + 0.05, e.distance() + " ± " + e.spread());
    }

    private static double[][] diag(double[] v) {
        double[][] m = new double[v.length][v.length];
        for (int i = 0; i < v.length; i++) {
            m[i][i] = v[i];
        }
        return m;
    }

    private static double[] randomVector(int d, Random r) {
        double[] v = new double[d];
        for (int i = 0; i < d; i++) {
            v[i] = r.nextGaussian();
        }
        return v;
    }

    private static double[][] randomSpd(int d, Random r) {
        double[][] a = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                a[i][j] = r.nextGaussian();
            }
        }
        double[][] s = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                for (int k = 0; k < d; k++) {
                    s[i][j] += a[i][k] * a[j][k];
                }
                s[i][j] /= d;
            }
            s[i][i] += 0.1;
        }
        return s;
    }
}
