package dev.visor.optvis.transform;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Consecutive pads, crops and canvas warps of a chain, folded into one map from the run's output canvas to its
 * input image, made into one array at the end: integer pads and crops as one uneven pad and a slice, anything with
 * a warp as one bilinear resampling of the input (pad, jitter, scale, rotate, jitter, crop to the model: one
 * gather of the pixels the model sees, instead of a pad, a resampling of the padded canvas and two crops).
 *
 * <p>A step is folded only when that gives the same values as running the steps in turn: a warp or a pad only when
 * everything outside the canvas so far is fill of the same value (no earlier crop has cut into the image, no pad
 * after a warp), a warp after a warp only with no crop between them (the two then run as one resampling by the
 * product of their matrices, as before). Otherwise the run is made into an array and a new run starts from it.
 */
final class CanvasRun {
    private final NDArray source;
    private final int srcH;
    private final int srcW;
    private int h;
    private int w;
    // Before a warp: canvas pixel (x, y) is source pixel (x + tx, y + ty).
    private int tx;
    private int ty;
    // After a warp: canvas pixel p reads the source at m·(p − (cx, cy)) + (ix, iy).
    private double[] m;
    private double cx;
    private double cy;
    private double ix;
    private double iy;
    private float fill;
    private boolean hasFill;
    private boolean cropSinceWarp;

    CanvasRun(NDArray source) {
        this.source = source;
        this.srcH = (int) source.getShape().get(2);
        this.srcW = (int) source.getShape().get(3);
        this.h = srcH;
        this.w = srcW;
    }

    int height() {
        return h;
    }

    int width() {
        return w;
    }

    /** Whether everything outside the canvas is fill (or nothing has been cut yet). */
    private boolean uncut() {
        return m == null && tx <= 0 && ty <= 0 && tx + w >= srcW && ty + h >= srcH;
    }

    private boolean fillMatches(float v) {
        return !hasFill || Float.compare(fill, v) == 0;
    }

    /** Pads the canvas with {@code value}; false (nothing changed) when that cannot be folded. */
    boolean pad(int left, int right, int top, int bottom, float value) {
        if (!uncut() || !fillMatches(value)) {
            return false;
        }
        tx -= left;
        ty -= top;
        w += left + right;
        h += top + bottom;
        fill = value;
        hasFill = true;
        return true;
    }

    /** Keeps the {@code height}×{@code width} window at ({@code y0}, {@code x0}) of the canvas (always folds). */
    void crop(int y0, int x0, int height, int width) {
        if (m == null) {
            tx += x0;
            ty += y0;
        } else {
            cx -= x0;
            cy -= y0;
            cropSinceWarp = true;
        }
        h = height;
        w = width;
    }

    /** Resamples the canvas about its centre by {@code a} (see {@link CanvasWarp#draw}); false when that cannot be folded. */
    boolean warp(double[] a, float value) {
        if (!fillMatches(value)) {
            return false;
        }
        double ccx = (w - 1) / 2.0;
        double ccy = (h - 1) / 2.0;
        if (m == null) {
            if (!uncut()) {
                return false;
            }
            m = a;
            cx = ccx;
            cy = ccy;
            ix = ccx + tx;
            iy = ccy + ty;
        } else {
            if (cropSinceWarp) {
                return false;
            }
            m = CanvasWarp.then(m, a);
        }
        fill = value;
        hasFill = true;
        return true;
    }

    /** The canvas as an array. */
    NDArray result() {
        if (m != null) {
            return Warp.sample(source, h, w, m, cx, cy, ix, iy, fill);
        }
        int left = Math.max(0, -tx);
        int top = Math.max(0, -ty);
        int right = Math.max(0, tx + w - srcW);
        int bottom = Math.max(0, ty + h - srcH);
        NDArray x = source;
        if (left + right + top + bottom > 0) {
            // DJL's pad takes PyTorch's order: last dimension first (left, right, top, bottom).
            x = x.pad(new Shape(left, right, top, bottom), fill);
        }
        int y0 = ty + top;
        int x0 = tx + left;
        long ph = x.getShape().get(2);
        long pw = x.getShape().get(3);
        if (y0 == 0 && x0 == 0 && ph == h && pw == w) {
            return x;
        }
        return x.get(":, :, " + y0 + ":" + (y0 + h) + ", " + x0 + ":" + (x0 + w));
    }
}
