package dev.visor.stats.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.ejml.simple.SimpleMatrix;
import org.ejml.simple.SimpleSVD;
import org.junit.jupiter.api.Test;

/** Must-show 5 (PCA part): the projection equals the SVD of the centred matrix, computed here with EJML's SimpleMatrix. */
class PcaTest {
    private static final double[][] X = {
        {2.5, 2.4, 0.5, 1.0}, {0.5, 0.7, 1.5, -1.0}, {2.2, 2.9, 0.1, 0.3}, {1.9, 2.2, 0.9, 0.2},
        {3.1, 3.0, -0.4, 0.8}, {2.3, 2.7, 0.3, -0.5}, {2.0, 1.6, 1.2, 0.1}, {1.0, 1.1, 2.0, -0.7},
    };

    @Test
    void scoresEqualTheSvdOfTheCentredMatrix() {
        check(X);
    }

    /** Wider than tall (more features than points, as a flattened conv layer): the Gram-matrix path. */
    @Test
    void wideMatricesToo() {
        double[][] wide = new double[5][9];
        java.util.Random r = new java.util.Random(4);
        for (double[] row : wide) {
            for (int j = 0; j < row.length; j++) {
                row[j] = r.nextGaussian() * (j + 1);
            }
        }
        check(wide);
    }

    private static void check(double[][] X) {
        int n = X.length;
        int d = X[0].length;
        SimpleMatrix m = new SimpleMatrix(X);
        for (int j = 0; j < d; j++) {
            double mean = 0;
            for (int i = 0; i < n; i++) {
                mean += X[i][j] / n;
            }
            for (int i = 0; i < n; i++) {
                m.set(i, j, X[i][j] - mean);
            }
        }
        SimpleSVD<SimpleMatrix> svd = m.svd(true);
        Pca.Result r = Pca.fit(X, 3);
        assertThat(r.dims()).isEqualTo(3);
        // SimpleSVD orders singular values descending; compare U·Σ column by column, up to each axis's sign.
        double[] sv = new double[Math.min(n, d)];
        for (int c = 0; c < sv.length; c++) {
            sv[c] = svd.getSingleValue(c);
        }
        for (int c = 0; c < 3; c++) {
            assertThat(r.singularValues()[c]).isCloseTo(sv[c], within(1e-9));
            double sign = Math.signum(dot(column(svd.getU(), c), r.scores(), c));
            for (int i = 0; i < n; i++) {
                assertThat(r.scores()[i][c]).isCloseTo(sign * svd.getU().get(i, c) * sv[c], within(1e-9));
            }
        }
        // Reconstruction from all axes gives back the data.
        Pca.Result full = Pca.fit(X, d);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                double v = full.mean()[j];
                for (int c = 0; c < full.dims(); c++) {
                    v += full.scores()[i][c] * full.components()[c][j];
                }
                assertThat(v).isCloseTo(X[i][j], within(1e-9));
            }
        }
    }

    private static double[] column(SimpleMatrix u, int c) {
        double[] v = new double[u.getNumRows()];
        for (int i = 0; i < v.length; i++) {
            v[i] = u.get(i, c);
        }
        return v;
    }

    private static double dot(double[] u, double[][] scores, int c) {
        double s = 0;
        for (int i = 0; i < u.length; i++) {
            s += u[i] * scores[i][c];
        }
        return s;
    }
}
