package dev.visor.model;

/**
 * A box of model-input pixels, half-open: columns {@code [x0, x1)} and rows {@code [y0, y1)}. A receptive
 * field's box may extend past the image (negative or beyond its size) where the model pads; {@link #clip}
 * cuts it to the image.
 *
 * @param x0 first column
 * @param y0 first row
 * @param x1 one past the last column
 * @param y1 one past the last row
 */
public record InputBox(int x0, int y0, int x1, int y1) {
    /** Number of columns (0 when empty). */
    public int width() {
        return Math.max(0, x1 - x0);
    }

    /** Number of rows (0 when empty). */
    public int height() {
        return Math.max(0, y1 - y0);
    }

    /** The part inside an image of {@code width} × {@code height} pixels (empty, with width 0, when none). */
    public InputBox clip(int width, int height) {
        int cx0 = Math.min(Math.max(x0, 0), width);
        int cy0 = Math.min(Math.max(y0, 0), height);
        int cx1 = Math.max(Math.min(x1, width), cx0);
        int cy1 = Math.max(Math.min(y1, height), cy0);
        return new InputBox(cx0, cy0, cx1, cy1);
    }
}
