package dev.visor.optvis.step;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;

/** Gradient ascent with optional momentum: u = μ·u + g, x += lr·u (Yosinski 2015; inversion uses μ 0.9). */
public final class Sgd implements StepRule {
    private final LearningRate lr;
    private final float momentum;
    private NDManager state;
    private final List<NDArray> velocity = new ArrayList<>();

    /** @param lr the schedule; @param momentum μ (0 for plain SGD) */
    public Sgd(LearningRate lr, float momentum) {
        this.lr = lr;
        this.momentum = momentum;
    }

    @Override
    public void step(StepContext ctx) {
        double rate = lr.at(ctx.step(), ctx.steps());
        List<NDArray> params = ctx.param().parameters();
        if (momentum != 0 && state == null) {
            state = ctx.param().manager().newSubManager();
            for (NDArray p : params) {
                NDArray z = p.zerosLike();
                z.attach(state);
                velocity.add(z);
            }
        }
        for (int i = 0; i < params.size(); i++) {
            NDArray u = ctx.gradients().get(i);
            if (momentum != 0) {
                u = u.add(ctx.scalar(momentum).mul(velocity.get(i)));
                NDArray old = velocity.get(i);
                NDArray keep = u.duplicate();
                keep.attach(state);
                velocity.set(i, keep);
                old.close();
            }
            ctx.param().update(i, u.mul((float) rate).add(ctx.local(i)));
        }
    }

    @Override
    public void reset() {
        if (state != null) {
            state.close();
            state = null;
        }
        velocity.clear();
    }

    @Override
    public String describe() {
        return "sgd(lr " + lr.describe() + (momentum != 0 ? ", momentum " + momentum : "") + ")";
    }

    /** {@code sgd}: gradient ascent with the settings' momentum. */
    public static final class Kind implements StepRuleKind {
        @Override
        public String name() {
            return "sgd";
        }

        @Override
        public StepRule create(dev.visor.optvis.RenderSettings s) {
            return new Sgd(StepRuleKind.schedule(s), (float) s.momentum());
        }
    }
}
