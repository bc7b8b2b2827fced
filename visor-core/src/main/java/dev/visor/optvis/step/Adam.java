package dev.visor.optvis.step;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;

/** Adam (Kingma and Ba), ascending: x += lr · m̂ / (√v̂ + ε). Olah 2017 uses lr 0.05. */
public final class Adam implements StepRule {
    private final LearningRate lr;
    private final float beta1;
    private final float beta2;
    private final float eps;
    private NDManager state;
    private final List<NDArray> m = new ArrayList<>();
    private final List<NDArray> v = new ArrayList<>();
    private int t;

    /** Adam with the usual betas (0.9, 0.999) and ε 1e-8. */
    public Adam(LearningRate lr) {
        this(lr, 0.9f, 0.999f, 1e-8f);
    }

    /** Adam with explicit settings. */
    public Adam(LearningRate lr, float beta1, float beta2, float eps) {
        this.lr = lr;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
    }

    @Override
    public void step(StepContext ctx) {
        List<NDArray> params = ctx.param().parameters();
        if (state == null) {
            state = ctx.param().manager().newSubManager();
            for (NDArray p : params) {
                m.add(keep(p.zerosLike()));
                v.add(keep(p.zerosLike()));
            }
        }
        t++;
        double rate = lr.at(ctx.step(), ctx.steps());
        double c1 = 1 - Math.pow(beta1, t);
        double c2 = 1 - Math.pow(beta2, t);
        NDManager sm = ctx.manager();
        for (int i = 0; i < params.size(); i++) {
            NDArray g = ctx.gradients().get(i);
            // The moments in place (the same values as β·m + (1 − β)·g made anew); temporaries in the step manager.
            NDArray mi = m.get(i).muli(beta1).addi(inStep(g.mul(1 - beta1), sm));
            NDArray vi = v.get(i).muli(beta2).addi(inStep(g.square(), sm).muli(1 - beta2));
            NDArray denominator = inStep(vi.div((float) c2), sm).sqrt().addi(eps);
            NDArray delta = inStep(mi.div((float) c1), sm).divi(denominator).muli((float) rate);
            ctx.param().update(i, params.get(i).add(delta));
        }
    }

    private static NDArray inStep(NDArray a, NDManager sm) {
        a.attach(sm);
        return a;
    }

    private NDArray keep(NDArray a) {
        a.attach(state);
        return a;
    }

    @Override
    public void reset() {
        if (state != null) {
            state.close();
            state = null;
        }
        m.clear();
        v.clear();
        t = 0;
    }

    @Override
    public String describe() {
        return "adam(lr " + lr.describe() + ")";
    }

    /** {@code adam}: Adam on the settings' schedule. */
    public static final class Kind implements StepRuleKind {
        @Override
        public String name() {
            return "adam";
        }

        @Override
        public StepRule create(dev.visor.optvis.RenderSettings s) {
            return new Adam(StepRuleKind.schedule(s));
        }
    }
}
