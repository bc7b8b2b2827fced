package dev.visor.optvis.step;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.visor.VisorException;
import dev.visor.optvis.param.PixelParameterization;

/**
 * Multifaceted FV's late-step centre bias: from step {@code fromStep} on, the gradient is zeroed
 * within {@code margin} pixels of the border (the paper's code: 50 px at 227 px), so only the
 * central window keeps sharpening. Needs a pixel parameterisation (gradients aligned with pixels).
 */
public record GradientWindow(int margin, int fromStep) implements ImageOp {
    @Override
    public Phase phase() {
        return Phase.BEFORE_STEP;
    }

    @Override
    public void apply(StepContext ctx) {
        if (!(ctx.param() instanceof PixelParameterization)) {
            throw new VisorException("the gradient window needs a pixel parameterisation (got " + ctx.param().describe() + ")");
        }
        if (ctx.step() < fromStep || margin <= 0) {
            return;
        }
        NDArray g = ctx.gradients().get(0);
        int h = (int) g.getShape().get(2);
        int w = (int) g.getShape().get(3);
        float[] mask = new float[h * w];
        for (int y = margin; y < h - margin; y++) {
            for (int x = margin; x < w - margin; x++) {
                mask[y * w + x] = 1f;
            }
        }
        ctx.gradients().set(0, g.mul(ctx.manager().create(mask, new Shape(1, 1, h, w))));
    }

    @Override
    public String describe() {
        return "gradient-window(margin " + margin + " from step " + fromStep + ")";
    }
}
