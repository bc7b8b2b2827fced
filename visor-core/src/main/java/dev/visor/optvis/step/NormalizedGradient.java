package dev.visor.optvis.step;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * The step of multifaceted FV and DGN-AM: x += lr · g / mean|g|, the mean taken per batch item,
 * so the step size does not depend on the gradient's scale.
 */
public final class NormalizedGradient implements StepRule {
    private final LearningRate lr;

    /** @param lr the schedule */
    public NormalizedGradient(LearningRate lr) {
        this.lr = lr;
    }

    @Override
    public void step(StepContext ctx) {
        double rate = lr.at(ctx.step(), ctx.steps());
        List<NDArray> params = ctx.param().parameters();
        for (int i = 0; i < params.size(); i++) {
            NDArray g = ctx.gradients().get(i);
            long n = g.getShape().get(0);
            long[] perItem = new long[g.getShape().dimension()];
            java.util.Arrays.fill(perItem, 1);
            perItem[0] = n;
            NDArray meanAbs = g.abs().reshape(n, -1).mean(new int[] {1}).reshape(perItem).add(1e-12f);
            ctx.param().update(i, g.div(meanAbs).mul((float) rate).add(ctx.local(i)));
        }
    }

    @Override
    public String describe() {
        return "normalized-gradient(lr " + lr.describe() + ")";
    }

    /** {@code normalized}: steps of lr · g / mean|g|. */
    public static final class Kind implements StepRuleKind {
        @Override
        public String name() {
            return "normalized";
        }

        @Override
        public StepRule create(dev.visor.optvis.RenderSettings s) {
            return new NormalizedGradient(StepRuleKind.schedule(s));
        }
    }
}
