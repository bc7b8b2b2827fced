package dev.visor.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;

/**
 * A convolution followed by inference-mode batch normalisation, run as one convolution with the
 * normalisation folded into its weights: W' = W·s, b' = (b − mean)·s + β, s = γ / sqrt(var + ε).
 * The folding is redone on every pass (a few thousand multiplications), so weights changed by training are
 * never stale. Reads {@code [x, W, b?, γ, β, mean, var]}.
 */
final class ConvBatchNormOp implements Op {
    private final Op conv;
    private final float epsilon;
    private final boolean convHasBias;
    private final List<String> inputs;

    ConvBatchNormOp(Node convNode, Node bnNode, Op conv) {
        this.conv = conv;
        this.epsilon = bnNode.attributes().getFloat("epsilon", 1e-5f);
        this.convHasBias = convNode.inputs().size() > 2 && !convNode.inputs().get(2).isEmpty();
        List<String> in = new ArrayList<>(List.of(convNode.inputs().get(0), convNode.inputs().get(1)));
        in.add(convHasBias ? convNode.inputs().get(2) : "");
        in.addAll(bnNode.inputs().subList(1, 5));
        this.inputs = List.copyOf(in);
    }

    /** Input tensor names in the order {@link #apply} reads them. */
    List<String> inputs() {
        return inputs;
    }

    @Override
    public List<NDArray> apply(OpContext ctx, List<NDArray> in) {
        NDManager step = ctx.manager();
        NDArray gamma = local(in.get(3), step);
        NDArray beta = local(in.get(4), step);
        NDArray mean = local(in.get(5), step);
        NDArray var = local(in.get(6), step);
        NDArray s = gamma.div(var.add(epsilon).sqrt());
        NDArray w = in.get(1);
        NDArray wFolded = w.mul(s.reshape(-1, 1, 1, 1));
        wFolded.attach(step);
        NDArray b = convHasBias ? local(in.get(2), step).sub(mean) : mean.neg();
        NDArray bFolded = b.mul(s).add(beta);
        return conv.apply(ctx, List.of(in.get(0), wFolded, bFolded));
    }

    private static NDArray local(NDArray a, NDManager step) {
        NDArray c = a.duplicate();
        c.attach(step);
        return c;
    }
}
