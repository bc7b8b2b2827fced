package dev.visor.model.ops;

/** ONNX auto_pad rules for convolutions and pooling. */
final class Padding {
    private Padding() {}

    /**
     * Pads as {top, left, bottom, right}.
     *
     * @param autoPad NOTSET, VALID, SAME_UPPER or SAME_LOWER
     * @param pads    explicit pads {top, left, bottom, right} (used for NOTSET)
     */
    static long[] resolve(String autoPad, int[] pads, long h, long w, long kh, long kw, int[] strides, int[] dil) {
        switch (autoPad) {
            case "SAME_UPPER", "SAME_LOWER" -> {
                long[] ph = same(h, kh, strides[0], dil[0], autoPad.equals("SAME_UPPER"));
                long[] pw = same(w, kw, strides[1], dil[1], autoPad.equals("SAME_UPPER"));
                return new long[] {ph[0], pw[0], ph[1], pw[1]};
            }
            case "VALID" -> {
                return new long[] {0, 0, 0, 0};
            }
            default -> {
                return new long[] {pads[0], pads[1], pads[2], pads[3]};
            }
        }
    }

    private static long[] same(long in, long k, int stride, int dil, boolean upper) {
        long out = (in + stride - 1) / stride;
        long total = Math.max(0, (out - 1) * stride + (k - 1) * dil + 1 - in);
        long small = total / 2;
        long big = total - small;
        return upper ? new long[] {small, big} : new long[] {big, small};
    }
}
