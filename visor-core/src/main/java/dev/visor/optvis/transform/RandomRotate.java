package dev.visor.optvis.transform;

/**
 * Rotates about the centre by a whole number of degrees drawn from [−max, max] plus
 * {@code extraZeros} extra chances of no rotation (Lucid: {@code range(-10, 11) + 5 * [0]});
 * corners fill with grey.
 */
public record RandomRotate(int maxDegrees, int extraZeros) implements CanvasWarp {
    /** Lucid's weighting: five extra zeros. */
    public RandomRotate(int maxDegrees) {
        this(maxDegrees, 5);
    }

    @Override
    public double[] draw(TransformContext ctx) {
        if (maxDegrees == 0) {
            return null;
        }
        int k = ctx.random().nextInt(2 * maxDegrees + 1 + extraZeros);
        int deg = k <= 2 * maxDegrees ? k - maxDegrees : 0;
        if (deg == 0) {
            return null;
        }
        double t = Math.toRadians(deg);
        double cos = Math.cos(t);
        double sin = Math.sin(t);
        // Inverse rotation: the output pixel reads the input rotated back.
        return new double[] {cos, sin, -sin, cos};
    }

    @Override
    public String describe() {
        return "rotate(±" + maxDegrees + ")";
    }
}
