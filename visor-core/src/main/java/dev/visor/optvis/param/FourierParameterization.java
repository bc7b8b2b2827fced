package dev.visor.optvis.param;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.visor.engine.RunRandom;
import java.util.List;

/**
 * Olah et al.'s Fourier image (Lucid's {@code fft_image} + {@code to_valid_rgb}): the parameters
 * are the real and imaginary parts of the image's half spectrum (N, C, H, W/2+1), scaled by
 * 1/frequency^decay so that all frequencies move at a similar pace; the inverse transform is
 * divided by 4, mapped through the decorrelated colour basis ({@link ColorDecorrelation}) and
 * squashed by a sigmoid. Any channel count works (one channel skips the colour basis).
 *
 * <p>The image is libtorch's inverse FFT along the height, then inverse real FFT along the width
 * (numpy's {@code irfft2} normalisation). {@link #initFrom} inverts the whole map with an exact
 * real DFT on the Java side.
 */
public final class FourierParameterization extends Parameterization {
    private static final float MAGIC = 4f;
    private final int h;
    private final int w;
    private final int wf;
    private final int c;
    private final NDArray scale;     // (H, Wf)
    private final NDArray one;       // complex 1 + 0i
    private final NDArray imaginary; // complex 0 + 1i
    private final NDArray scaleOne;       // scale / 4 · (1 + 0i): the same values as multiplying by each in turn
    private final NDArray scaleImaginary; // scale / 4 · (0 + 1i)
    private final NDArray color;     // (C, C): the colour matrix
    private final float decay;

    /**
     * Starts from a random spectrum.
     *
     * @param parent manager for the parameters
     * @param shape  image batch shape NCHW
     * @param std    standard deviation of the initial spectrum (Lucid: 0.01)
     * @param decay  the frequency-scaling power (Lucid: 1)
     * @param random the run's random source
     */
    public FourierParameterization(NDManager parent, Shape shape, float std, float decay, RunRandom random) {
        super(parent, shape);
        this.c = (int) shape.get(1);
        this.h = (int) shape.get(2);
        this.w = (int) shape.get(3);
        this.wf = w / 2 + 1;
        this.decay = decay;
        NDManager m = manager();
        float[] s = new float[h * wf];
        for (int u = 0; u < h; u++) {
            double fy = (u < (h + 1) / 2 ? u : u - h) / (double) h;
            for (int k = 0; k < wf; k++) {
                double fx = k / (double) w;
                double f = Math.max(Math.sqrt(fx * fx + fy * fy), 1.0 / Math.max(w, h));
                s[u * wf + k] = (float) (Math.pow(f, -decay) * Math.sqrt((double) w * h));
            }
        }
        scale = m.create(s, new Shape(h, wf));
        // DJL's complex() has no gradient, so the spectrum is re·(1+0i) + im·(0+1i), which has one.
        one = m.create(new float[] {1, 0}).complex();
        imaginary = m.create(new float[] {0, 1}).complex();
        // The inverse transform's division by 4 folded into the constants: scaling by a power of two commutes with
        // every rounding of the products and transforms, so the image is bit-identical to dividing afterwards.
        scaleOne = scale.div(MAGIC).mul(one);
        scaleImaginary = scale.div(MAGIC).mul(imaginary);
        float[][] cm = ColorDecorrelation.matrix(c);
        float[] flat = new float[c * c];
        for (int i = 0; i < c; i++) {
            System.arraycopy(cm[i], 0, flat, i * c, c);
        }
        color = m.create(flat, new Shape(c, c));
        Shape spec = new Shape(shape.get(0), c, h, wf);
        addParameter(random.normal(m, spec, std));
        addParameter(random.normal(m, spec, std));
    }

    @Override
    public NDArray image(List<NDArray> values) {
        // One complex product per part instead of a real and a complex one: bit-identical (x·s·1 = x·(s·1) exactly).
        NDArray spectrum = values.get(0).mul(scaleOne).add(values.get(1).mul(scaleImaginary));
        NDArray x = spectrum.ifft(h, 2).irfft(w, 3);
        return decorrelate(x).getNDArrayInternal().sigmoid();
    }

    private NDArray decorrelate(NDArray x) {
        if (c != 3) {
            return x;
        }
        long n = x.getShape().get(0);
        // M · (channels × pixels), broadcast over the batch: no transposes or copies around the product.
        NDArray t = color.matMul(x.reshape(n, c, (long) h * w));
        t.attach(x.getManager()); // made in the constant's manager; it belongs to the step
        return t.reshape(n, c, h, w);
    }

    @Override
    public void initFrom(NDArray image01) {
        checkInit(image01);
        try (NDManager tmp = manager().newSubManager()) {
            NDArray img = toBatch(image01, tmp);
            long n = img.getShape().get(0);
            NDArray t = PixelParameterization.logit(img);
            if (c == 3) {
                float[][] inv = ColorDecorrelation.inverse(3);
                float[] it = new float[9];
                for (int i = 0; i < 3; i++) {
                    for (int j = 0; j < 3; j++) {
                        it[j * 3 + i] = inv[i][j];
                    }
                }
                t = t.reshape(n, c, (long) h * w).transpose(0, 2, 1).matMul(tmp.create(it, new Shape(3, 3)))
                        .transpose(0, 2, 1).reshape(n, c, h, w);
            }
            float[][] spectrum = rfft2(t.mul(MAGIC).toFloatArray(), (int) n);
            float[] sc = scale.toFloatArray();
            for (float[] part : spectrum) {
                for (int i = 0; i < part.length; i++) {
                    part[i] /= sc[i % (h * wf)];
                }
            }
            Shape spec = new Shape(n, c, h, wf);
            update(0, tmp.create(spectrum[0], spec));
            update(1, tmp.create(spectrum[1], spec));
        }
    }

    /** Forward real 2-D DFT of (n, c, h, w) data: {real, imaginary} of shape (n, c, h, wf). */
    private float[][] rfft2(float[] x, int n) {
        int planes = n * c;
        float[] re = new float[planes * h * wf];
        float[] im = new float[planes * h * wf];
        double[] zr = new double[h * wf];
        double[] zi = new double[h * wf];
        double[] cw = new double[wf * w];
        double[] sw = new double[wf * w];
        for (int k = 0; k < wf; k++) {
            for (int col = 0; col < w; col++) {
                double t = 2 * Math.PI * ((long) k * col % w) / w;
                cw[k * w + col] = Math.cos(t);
                sw[k * w + col] = Math.sin(t);
            }
        }
        double[] chh = new double[h * h];
        double[] shh = new double[h * h];
        for (int u = 0; u < h; u++) {
            for (int row = 0; row < h; row++) {
                double t = 2 * Math.PI * ((long) u * row % h) / h;
                chh[u * h + row] = Math.cos(t);
                shh[u * h + row] = Math.sin(t);
            }
        }
        for (int p = 0; p < planes; p++) {
            int base = p * h * w;
            for (int row = 0; row < h; row++) {
                for (int k = 0; k < wf; k++) {
                    double sr = 0;
                    double si = 0;
                    for (int col = 0; col < w; col++) {
                        double v = x[base + row * w + col];
                        sr += v * cw[k * w + col];
                        si -= v * sw[k * w + col];
                    }
                    zr[row * wf + k] = sr;
                    zi[row * wf + k] = si;
                }
            }
            int out = p * h * wf;
            for (int u = 0; u < h; u++) {
                for (int k = 0; k < wf; k++) {
                    double sr = 0;
                    double si = 0;
                    for (int row = 0; row < h; row++) {
                        double cs = chh[u * h + row];
                        double sn = shh[u * h + row];
                        sr += cs * zr[row * wf + k] + sn * zi[row * wf + k];
                        si += cs * zi[row * wf + k] - sn * zr[row * wf + k];
                    }
                    re[out + u * wf + k] = (float) sr;
                    im[out + u * wf + k] = (float) si;
                }
            }
        }
        return new float[][] {re, im};
    }

    @Override
    public String describe() {
        return "fourier(decay " + decay + (c == 3 ? ", decorrelated colour" : "") + ", sigmoid)";
    }

    /** {@code fourier}: Lucid's spectrum with decay 1, starting noise {@code initStd}. */
    public static final class Kind implements ParameterizationKind {
        @Override
        public String name() {
            return "fourier";
        }

        @Override
        public Parameterization create(dev.visor.optvis.RenderSettings s, dev.visor.model.Model model, Shape shape,
                                       RunRandom random, NDManager parent) {
            return new FourierParameterization(parent, shape, (float) s.initStd(), 1f, random);
        }
    }
}
