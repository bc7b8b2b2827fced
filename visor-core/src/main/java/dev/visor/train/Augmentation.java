package dev.visor.train;

import ai.djl.ndarray.NDArray;
import dev.visor.engine.RunRandom;

/** Seeded training-time image changes: a random shift (zero fill) and a random horizontal flip. */
final class Augmentation {
    private Augmentation() {}

    /** Shifts each image by up to {@code maxShift} pixels in x and y and flips half of them left-right. */
    static NDArray shiftFlip(NDArray images01, RunRandom random, int maxShift) {
        long[] s = images01.getShape().getShape();
        int n = (int) s[0];
        int c = (int) s[1];
        int h = (int) s[2];
        int w = (int) s[3];
        float[] in = images01.toFloatArray();
        float[] out = new float[in.length];
        for (int i = 0; i < n; i++) {
            int dy = random.nextInt(-maxShift, maxShift);
            int dx = random.nextInt(-maxShift, maxShift);
            boolean flip = random.nextInt(2) == 1;
            for (int ch = 0; ch < c; ch++) {
                int base = (i * c + ch) * h * w;
                for (int y = 0; y < h; y++) {
                    int sy = y - dy;
                    if (sy < 0 || sy >= h) {
                        continue;
                    }
                    for (int x = 0; x < w; x++) {
                        int sx0 = x - dx;
                        int sx = flip ? w - 1 - sx0 : sx0;
                        if (sx0 < 0 || sx0 >= w) {
                            continue;
                        }
                        out[base + y * w + x] = in[base + sy * w + sx];
                    }
                }
            }
        }
        return images01.getManager().create(out, images01.getShape());
    }
}
