package dev.visor.stats.cluster;

import dev.visor.VisorException;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * Principal component analysis through EJML's singular value decomposition (the first reduction of
 * multifaceted FV, REFERENCE.md §2: features → PCA to 50 dimensions → t-SNE).
 *
 * <p>With the rows of X centred, X_c = X − 1·μᵀ = U Σ Vᵀ; the principal axes are the columns of V in
 * order of falling singular value σ₁ ≥ σ₂ ≥ …, and the scores are Z = X_c V_d = U_d Σ_d (the first
 * d columns). Each axis's sign is fixed so that its largest-magnitude loading is positive, so the
 * result does not depend on the decomposition's sign choice.
 */
public final class Pca {
    private Pca() {}

    /**
     * The fitted projection.
     *
     * @param scores         the points in the principal axes, N × d
     * @param components     the principal axes as rows, d × D (unit length, orthogonal)
     * @param mean           the column means μ, length D
     * @param singularValues σ₁ … σ_d of the centred data
     */
    public record Result(double[][] scores, double[][] components, double[] mean, double[] singularValues) {
        /** Number of dimensions kept. */
        public int dims() {
            return singularValues.length;
        }
    }

    /**
     * Projects {@code x} (N rows of D features) onto its first {@code dims} principal axes
     * (fewer when N or D is smaller).
     */
    public static Result fit(double[][] x, int dims) {
        if (x.length < 2) {
            throw new VisorException("PCA needs at least 2 points, got " + x.length);
        }
        if (dims < 1) {
            throw new VisorException("PCA needs at least 1 dimension, got " + dims);
        }
        int n = x.length;
        int d = x[0].length;
        double[] mean = new double[d];
        for (double[] row : x) {
            if (row.length != d) {
                throw new VisorException("PCA rows differ in length: " + d + " and " + row.length);
            }
            for (int j = 0; j < d; j++) {
                mean[j] += row[j] / n;
            }
        }
        DMatrixRMaj xc = new DMatrixRMaj(n, d);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                xc.set(i, j, x[i][j] - mean[j]);
            }
        }
        if (d > n) {
            return viaGram(xc, mean, dims);
        }
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(n, d, false, true, true);
        if (!svd.decompose(xc.copy())) {
            throw new VisorException("PCA: the singular value decomposition did not converge");
        }
        DMatrixRMaj w = svd.getW(null);
        DMatrixRMaj vt = svd.getV(null, true);
        SingularOps_DDRM.descendingOrder(null, false, w, vt, true);
        int k = Math.min(dims, Math.min(w.numRows, w.numCols));
        k = Math.min(k, vt.numRows);
        double[][] comps = new double[k][d];
        double[] sv = new double[k];
        for (int c = 0; c < k; c++) {
            sv[c] = w.get(c, c);
            int arg = 0;
            for (int j = 0; j < d; j++) {
                comps[c][j] = vt.get(c, j);
                if (Math.abs(comps[c][j]) > Math.abs(comps[c][arg])) {
                    arg = j;
                }
            }
            if (comps[c][arg] < 0) {
                for (int j = 0; j < d; j++) {
                    comps[c][j] = -comps[c][j];
                }
            }
        }
        return project(xc, comps, mean, sv);
    }

    /**
     * Wide data (D &gt; N, e.g. a flattened conv layer): the same axes from the N × N Gram matrix
     * X_c X_cᵀ = U Σ² Uᵀ (symmetric eigendecomposition), V = X_cᵀ U Σ⁻¹; O(N²D) instead of O(ND²).
     */
    private static Result viaGram(DMatrixRMaj xc, double[] mean, int dims) {
        int n = xc.numRows;
        int d = xc.numCols;
        DMatrixRMaj gram = new DMatrixRMaj(n, n);
        org.ejml.dense.row.CommonOps_DDRM.multTransB(xc, xc, gram);
        var eig = DecompositionFactory_DDRM.eig(n, true, true);
        if (!eig.decompose(gram)) {
            throw new VisorException("PCA: the eigendecomposition did not converge");
        }
        Integer[] order = new Integer[n];
        double[] lambda = new double[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
            lambda[i] = eig.getEigenvalue(i).getReal();
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(lambda[b], lambda[a]));
        double top = Math.sqrt(Math.max(0, lambda[order[0]]));
        int k = 0;
        while (k < Math.min(dims, n) && Math.sqrt(Math.max(0, lambda[order[k]])) > 1e-10 * top) {
            k++;
        }
        double[][] comps = new double[k][d];
        double[] sv = new double[k];
        for (int c = 0; c < k; c++) {
            DMatrixRMaj u = eig.getEigenVector(order[c]);
            double norm = org.ejml.dense.row.NormOps_DDRM.normF(u);
            sv[c] = Math.sqrt(lambda[order[c]]);
            for (int j = 0; j < d; j++) {
                double v = 0;
                for (int i = 0; i < n; i++) {
                    v += xc.get(i, j) * u.get(i) / norm;
                }
                comps[c][j] = v / sv[c];
            }
            int arg = 0;
            for (int j = 0; j < d; j++) {
                if (Math.abs(comps[c][j]) > Math.abs(comps[c][arg])) {
                    arg = j;
                }
            }
            if (comps[c][arg] < 0) {
                for (int j = 0; j < d; j++) {
                    comps[c][j] = -comps[c][j];
                }
            }
        }
        return project(xc, comps, mean, sv);
    }

    private static Result project(DMatrixRMaj xc, double[][] comps, double[] mean, double[] sv) {
        int n = xc.numRows;
        int d = xc.numCols;
        int k = comps.length;
        double[][] scores = new double[n][k];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < k; c++) {
                double s = 0;
                for (int j = 0; j < d; j++) {
                    s += xc.get(i, j) * comps[c][j];
                }
                scores[i][c] = s;
            }
        }
        return new Result(scores, comps, mean, sv);
    }
}
