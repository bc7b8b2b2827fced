package dev.visor.optvis.step;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;

/**
 * Total-variation denoising of the image after every step (Chambolle's projection algorithm,
 * isotropic, per channel): minimises ½‖u − f‖² + weight·TV(u). Stands in for the TV-Bregman
 * denoise of the multifaceted-FV code; a larger weight smooths more.
 */
public record TvDenoise(float weight, int iterations) implements ImageOp {
    private static final float TAU = 0.125f;

    @Override
    public void apply(StepContext ctx) {
        ctx.pixels("TV denoising");
        if (weight <= 0) {
            return;
        }
        ctx.param().update(0, denoise(ctx.local(0), weight, iterations));
    }

    /** Denoises an NCHW batch (arrays made in its manager). */
    public static NDArray denoise(NDArray f, float weight, int iterations) {
        NDArray px = f.zerosLike();
        NDArray py = f.zerosLike();
        NDArray fScaled = f.div(weight);
        for (int k = 0; k < iterations; k++) {
            NDArray d = divergence(px, py).sub(fScaled);
            NDArray gx = gradX(d);
            NDArray gy = gradY(d);
            NDArray norm = gx.square().add(gy.square()).sqrt().mul(TAU).add(1f);
            px = px.add(gx.mul(TAU)).div(norm);
            py = py.add(gy.mul(TAU)).div(norm);
        }
        return f.sub(divergence(px, py).mul(weight));
    }

    /** Forward difference along width, 0 in the last column. */
    static NDArray gradX(NDArray u) {
        long w = u.getShape().get(3);
        NDArray diff = u.get(":, :, :, 1:").sub(u.get(":, :, :, :" + (w - 1)));
        return NDArrays.concat(new NDList(diff, u.get(":, :, :, :1").zerosLike()), 3);
    }

    /** Forward difference along height, 0 in the last row. */
    static NDArray gradY(NDArray u) {
        long h = u.getShape().get(2);
        NDArray diff = u.get(":, :, 1:, :").sub(u.get(":, :, :" + (h - 1) + ", :"));
        return NDArrays.concat(new NDList(diff, u.get(":, :, :1, :").zerosLike()), 2);
    }

    /** The negative adjoint of the forward differences. */
    static NDArray divergence(NDArray px, NDArray py) {
        long w = px.getShape().get(3);
        long h = py.getShape().get(2);
        NDArray dx = px.sub(NDArrays.concat(new NDList(px.get(":, :, :, :1").zerosLike(), px.get(":, :, :, :" + (w - 1))), 3));
        NDArray dy = py.sub(NDArrays.concat(new NDList(py.get(":, :, :1, :").zerosLike(), py.get(":, :, :" + (h - 1) + ", :")), 2));
        return dx.add(dy);
    }

    @Override
    public String describe() {
        return "tv-denoise(" + weight + ", " + iterations + " iterations)";
    }
}
