package dev.visor.optvis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.visor.engine.Engines;
import dev.visor.engine.RunRandom;
import dev.visor.optvis.param.ColorDecorrelation;
import dev.visor.optvis.param.FourierParameterization;
import dev.visor.optvis.param.PixelParameterization;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ParameterizationTest {
    /** The Fourier image from a naive inverse DFT written out in Java (numpy irfft2 semantics). */
    static float[] naiveImage(float[] re, float[] im, int n, int c, int h, int w) {
        int wf = w / 2 + 1;
        float[] out = new float[n * c * h * w];
        double[] freqScale = new double[h * wf];
        for (int u = 0; u < h; u++) {
            double fy = (u < (h + 1) / 2 ? u : u - h) / (double) h;
            for (int k = 0; k < wf; k++) {
                double fx = k / (double) w;
                freqScale[u * wf + k] = Math.sqrt((double) w * h) / Math.max(Math.hypot(fx, fy), 1.0 / Math.max(w, h));
            }
        }
        float[][] cm = ColorDecorrelation.matrix(c);
        double[] t = new double[c * h * w];
        for (int b = 0; b < n; b++) {
            for (int ch = 0; ch < c; ch++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        double s = 0;
                        for (int u = 0; u < h; u++) {
                            for (int k = 0; k < wf; k++) {
                                // irfft2 = ifft over H, then irfft over W, which drops the imaginary part of
                                // the (height-transformed) DC and Nyquist columns: weight 1 there, 2 elsewhere.
                                boolean edge = k == 0 || (w % 2 == 0 && k == w / 2);
                                int i = ((b * c + ch) * h + u) * wf + k;
                                double sr = re[i] * freqScale[u * wf + k];
                                double si = im[i] * freqScale[u * wf + k];
                                double ang = 2 * Math.PI * ((double) u * y / h + (double) k * x / w);
                                double weight = edge ? 1 : 2;
                                s += weight * (sr * Math.cos(ang) - si * Math.sin(ang));
                            }
                        }
                        t[(ch * h + y) * w + x] = s / (h * w) / 4;
                    }
                }
            }
            for (int ch = 0; ch < c; ch++) {
                for (int p = 0; p < h * w; p++) {
                    double v = 0;
                    for (int j = 0; j < c; j++) {
                        v += cm[ch][j] * t[j * h * w + p];
                    }
                    out[(b * c + ch) * h * w + p] = (float) (1 / (1 + Math.exp(-v)));
                }
            }
        }
        return out;
    }

    @ParameterizedTest
    @CsvSource({"3, 6, 8", "1, 7, 5", "3, 5, 6"})
    void fourierImageMatchesANaiveInverseDft(int c, int h, int w) {
        try (NDManager m = Engines.newManager();
             FourierParameterization p = new FourierParameterization(m, new Shape(2, c, h, w), 0.05f, 1f, new RunRandom(3))) {
            float[] re = p.parameters().get(0).toFloatArray();
            float[] im = p.parameters().get(1).toFloatArray();
            float[] got = p.currentImage(m).toFloatArray();
            assertThat(got).containsExactly(naiveImage(re, im, 2, c, h, w), offset(2e-5f));
        }
    }

    @ParameterizedTest
    @CsvSource({"3, 12, 10", "1, 9, 7", "1, 28, 28"})
    void fourierInitFromImageReproducesTheImage(int c, int h, int w) {
        try (NDManager m = Engines.newManager();
             FourierParameterization p = new FourierParameterization(m, new Shape(2, c, h, w), 0.01f, 1f, new RunRandom(4))) {
            NDArray img = new RunRandom(5).uniform(m, new Shape(1, c, h, w), 0.05f, 0.95f);
            p.initFrom(img);
            float[] got = p.currentImage(m).toFloatArray();
            float[] want = img.repeat(0, 2).toFloatArray();
            assertThat(got).containsExactly(want, offset(2e-4f));
        }
    }

    @Test
    void fourierGradientMatchesFiniteDifferences() {
        try (NDManager m = Engines.newManager();
             FourierParameterization p = new FourierParameterization(m, new Shape(1, 3, 6, 6), 0.1f, 1f, new RunRandom(6))) {
            NDArray weights = new RunRandom(7).normal(m, new Shape(1, 3, 6, 6), 1f);
            float[] grad;
            try (NDManager s = m.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                List<NDArray> leaves = new ArrayList<>();
                for (NDArray q : p.parameters()) {
                    NDArray l = q.duplicate();
                    l.attach(s);
                    l.setRequiresGradient(true);
                    leaves.add(l);
                }
                gc.backward(p.image(leaves).mul(weights).sum());
                grad = leaves.get(1).getGradient().toFloatArray();
            }
            float[] base = p.parameters().get(1).toFloatArray();
            double eps = 1e-2;
            for (int i : new int[] {1, 5, 20, 40}) {
                double[] f = new double[2];
                for (int sgn = 0; sgn < 2; sgn++) {
                    float[] v = base.clone();
                    v[i] += (float) (sgn == 0 ? eps : -eps);
                    p.update(1, m.create(v, p.parameters().get(1).getShape()));
                    f[sgn] = p.currentImage(m).mul(weights).sum().getFloat();
                }
                assertThat(grad[i]).isCloseTo((float) ((f[0] - f[1]) / (2 * eps)), offset(2e-3f));
            }
        }
    }

    @Test
    void pixelParameterizationsAndInit() {
        try (NDManager m = Engines.newManager()) {
            NDArray img = new RunRandom(8).uniform(m, new Shape(1, 1, 28, 28), 0.05f, 0.95f);
            for (boolean sigmoid : new boolean[] {false, true}) {
                try (PixelParameterization p = new PixelParameterization(m, new Shape(3, 1, 28, 28), sigmoid, 0.5f, 0.01f,
                        new RunRandom(9))) {
                    assertThat(p.currentImage(m).mean().getFloat()).isCloseTo(0.5f, offset(0.01f));
                    p.initFrom(img);
                    assertThat(p.currentImage(m).toFloatArray()).containsExactly(img.repeat(0, 3).toFloatArray(), offset(1e-5f));
                }
            }
        }
    }

    @Test
    void colourInverseIsTheInverse() {
        float[][] a = ColorDecorrelation.matrix(3);
        float[][] b = ColorDecorrelation.inverse(3);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double s = 0;
                for (int k = 0; k < 3; k++) {
                    s += a[i][k] * b[k][j];
                }
                assertThat(s).isCloseTo(i == j ? 1 : 0, offset(1e-5));
            }
        }
    }
}
