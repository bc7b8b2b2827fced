package dev.visor.attribution;

import ai.djl.ndarray.NDArray;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Arrays;

/** Pictures of attribution maps: heatmaps over the grey photo, and signed gradients around mid-grey. */
public final class AttributionImages {
    /** Colour-map stops (jet): dark blue, blue, cyan, yellow, red, dark red. */
    private static final float[][] JET = {
        {0f, 0f, 0.5f}, {0f, 0f, 1f}, {0f, 1f, 1f}, {1f, 1f, 0f}, {1f, 0f, 0f}, {0.5f, 0f, 0f}};

    /** Percentile of |g| that maps to full white or black in {@link #signed}. */
    static final double SIGNED_PERCENTILE = 99.5;

    private AttributionImages() {}

    /**
     * A heatmap over the photo: the photo in grey, darkened, with the jet colour of the map blended in
     * (more colour where the map is higher). The map is divided by its {@code percentile}-th percentile
     * (100: its maximum) and clipped to [0, 1]; an all-zero map leaves the grey photo.
     *
     * @param image01 (C, H, W) or (1, C, H, W) photo in [0, 1]
     * @param map     (H, W) or (1, H, W) map ≥ 0 at the photo's size
     */
    public static BufferedImage overlay(NDArray image01, NDArray map, double percentile) {
        float[] grey = grey(image01);
        float[] v = normalise(map.toFloatArray(), percentile);
        int h = (int) map.getShape().get(map.getShape().dimension() - 2);
        int w = (int) map.getShape().get(map.getShape().dimension() - 1);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < v.length; i++) {
            float[] c = jet(v[i]);
            float alpha = 0.25f + 0.5f * v[i];
            float g = 0.8f * grey[i];
            out.setRGB(i % w, i / w, rgb(mix(g, c[0], alpha), mix(g, c[1], alpha), mix(g, c[2], alpha)));
        }
        return out;
    }

    /**
     * A signed map (C, H, W) as an image: 0.5 + 0.5·g / s per pixel and channel, clipped, with s the 99.5th
     * percentile of |g| (a few extreme pixels would otherwise leave the rest flat grey): zero is mid-grey,
     * positive brighter and negative darker, as DeconvNet and guided-backprop papers show them.
     */
    public static BufferedImage signed(NDArray map) {
        NDArray a = map.getShape().dimension() == 4 ? map.get(0) : map;
        int c = (int) a.getShape().get(0);
        int h = (int) a.getShape().get(1);
        int w = (int) a.getShape().get(2);
        float[] d = a.toFloatArray();
        float[] abs = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            abs[i] = Math.abs(d[i]);
        }
        float ref = percentile(abs, SIGNED_PERCENTILE);
        float scale = ref > 0 ? 0.5f / ref : 0f;
        int plane = h * w;
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < plane; i++) {
            float r = 0.5f + scale * d[i];
            float g = c == 1 ? r : 0.5f + scale * d[plane + i];
            float b = c == 1 ? r : 0.5f + scale * d[2 * plane + i];
            out.setRGB(i % w, i / w, rgb(r, g, b));
        }
        return out;
    }

    /** The picture of one image's map: an overlay for heatmaps (saliency at its 99th percentile), else signed. */
    public static BufferedImage picture(NDArray image01, AttributionMap result, int item) {
        NDArray m = result.map().get(item);
        if (result.method().signed()) {
            return signed(m);
        }
        return overlay(image01, m, result.method() == AttributionMethod.SALIENCY ? 99 : 100);
    }

    /** Scales an image up by a whole factor (nearest neighbour) until its smaller side is at least {@code min} pixels. */
    public static BufferedImage enlarge(BufferedImage img, int min) {
        int f = Math.max(1, (int) Math.ceil((double) min / Math.min(img.getWidth(), img.getHeight())));
        if (f == 1) {
            return img;
        }
        BufferedImage out = new BufferedImage(img.getWidth() * f, img.getHeight() * f, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        g.drawImage(img, 0, 0, out.getWidth(), out.getHeight(), null);
        g.dispose();
        return out;
    }

    /** Values divided by their percentile (nearest rank) and clipped to [0, 1]; NaN refused. */
    static float[] normalise(float[] v, double percentile) {
        float ref = percentile(v, percentile);
        float[] out = new float[v.length];
        if (ref > 0) {
            for (int i = 0; i < v.length; i++) {
                out[i] = Math.max(0f, Math.min(1f, v[i] / ref));
            }
        }
        return out;
    }

    /** The nearest-rank percentile of the values; NaN refused. */
    static float percentile(float[] v, double percentile) {
        float[] sorted = v.clone();
        Arrays.sort(sorted);
        if (Float.isNaN(sorted[sorted.length - 1])) {
            throw new dev.visor.VisorException("refusing to draw an attribution map with NaN values");
        }
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank))];
    }

    /** The jet colour of a value in [0, 1]. */
    static float[] jet(float t) {
        float x = Math.max(0f, Math.min(1f, t)) * (JET.length - 1);
        int i = Math.min(JET.length - 2, (int) x);
        float f = x - i;
        float[] c = new float[3];
        for (int k = 0; k < 3; k++) {
            c[k] = JET[i][k] + f * (JET[i + 1][k] - JET[i][k]);
        }
        return c;
    }

    private static float[] grey(NDArray image01) {
        NDArray a = image01.getShape().dimension() == 4 ? image01.get(0) : image01;
        int c = (int) a.getShape().get(0);
        float[] d = a.toFloatArray();
        int plane = d.length / c;
        float[] g = new float[plane];
        for (int i = 0; i < plane; i++) {
            g[i] = c == 1 ? d[i] : 0.299f * d[i] + 0.587f * d[plane + i] + 0.114f * d[2 * plane + i];
        }
        return g;
    }

    private static float mix(float a, float b, float t) {
        return a + t * (b - a);
    }

    private static int rgb(float r, float g, float b) {
        return (byteOf(r) << 16) | (byteOf(g) << 8) | byteOf(b);
    }

    private static int byteOf(float v) {
        if (Float.isNaN(v)) {
            throw new dev.visor.VisorException("refusing to draw an attribution map with NaN values");
        }
        return Math.round(Math.max(0f, Math.min(1f, v)) * 255f);
    }
}
