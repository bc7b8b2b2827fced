package dev.visor.optvis.param;

/**
 * The square root of ImageNet's colour correlation (Lucid's {@code color_correlation_svd_sqrt}),
 * normalised by its largest column norm: optimising in this decorrelated space makes every colour
 * direction equally easy to change. Identity for one channel.
 */
public final class ColorDecorrelation {
    private static final double[][] SQRT = {{0.26, 0.09, 0.02}, {0.27, 0.00, -0.05}, {0.27, -0.09, 0.03}};

    private ColorDecorrelation() {}

    /** The matrix M (image = M · t over channels) for {@code channels} channels, row-major. */
    public static float[][] matrix(int channels) {
        float[][] m = new float[channels][channels];
        if (channels != 3) {
            for (int i = 0; i < channels; i++) {
                m[i][i] = 1f;
            }
            return m;
        }
        double maxNorm = 0;
        for (int col = 0; col < 3; col++) {
            double n = 0;
            for (int row = 0; row < 3; row++) {
                n += SQRT[row][col] * SQRT[row][col];
            }
            maxNorm = Math.max(maxNorm, Math.sqrt(n));
        }
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                m[i][j] = (float) (SQRT[i][j] / maxNorm);
            }
        }
        return m;
    }

    /** The inverse of {@link #matrix}. */
    public static float[][] inverse(int channels) {
        float[][] a = matrix(channels);
        if (channels != 3) {
            return a;
        }
        double det = a[0][0] * (a[1][1] * a[2][2] - a[1][2] * a[2][1]) - a[0][1] * (a[1][0] * a[2][2] - a[1][2] * a[2][0])
                + a[0][2] * (a[1][0] * a[2][1] - a[1][1] * a[2][0]);
        float[][] inv = new float[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                // Cofactor of (j, i) over the determinant.
                int r0 = (j + 1) % 3;
                int r1 = (j + 2) % 3;
                int c0 = (i + 1) % 3;
                int c1 = (i + 2) % 3;
                inv[i][j] = (float) ((a[r0][c0] * a[r1][c1] - a[r0][c1] * a[r1][c0]) / det);
            }
        }
        return inv;
    }
}
