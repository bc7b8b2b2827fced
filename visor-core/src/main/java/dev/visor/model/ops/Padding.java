package dev.visor.model.ops;

/** ONNX auto_pad rules for convolutions and pooling, for any number of spatial axes. */
final class Padding {
    private Padding() {}

    /**
     * Pads per spatial axis as {begin..., end...} (ONNX order).
     *
     * @param autoPad NOTSET, VALID, SAME_UPPER or SAME_LOWER
     * @param pads    explicit pads {begin..., end...} (used for NOTSET; null means zeros)
     * @param in      spatial input sizes
     * @param kernel  kernel sizes
     */
    static long[] resolve(String autoPad, int[] pads, long[] in, int[] kernel, int[] strides, int[] dil) {
        int n = in.length;
        long[] p = new long[2 * n];
        switch (autoPad) {
            case "SAME_UPPER", "SAME_LOWER" -> {
                for (int i = 0; i < n; i++) {
                    long out = (in[i] + strides[i] - 1) / strides[i];
                    long total = Math.max(0, (out - 1) * strides[i] + (kernel[i] - 1L) * dil[i] + 1 - in[i]);
                    long small = total / 2;
                    boolean upper = autoPad.equals("SAME_UPPER");
                    p[i] = upper ? small : total - small;
                    p[i + n] = upper ? total - small : small;
                }
            }
            case "VALID" -> { }
            default -> {
                if (pads != null) {
                    for (int i = 0; i < 2 * n; i++) {
                        p[i] = pads[i];
                    }
                }
            }
        }
        return p;
    }

    /** True if every axis has equal begin and end pads. */
    static boolean symmetric(long[] p) {
        int n = p.length / 2;
        for (int i = 0; i < n; i++) {
            if (p[i] != p[i + n]) {
                return false;
            }
        }
        return true;
    }

    /** The begin pads. */
    static long[] begins(long[] p) {
        return java.util.Arrays.copyOfRange(p, 0, p.length / 2);
    }

    /** The end pads. */
    static long[] ends(long[] p) {
        return java.util.Arrays.copyOfRange(p, p.length / 2, p.length);
    }
}
