package dev.visor.optvis.objective;

import ai.djl.ndarray.NDArray;
import java.util.Set;

/**
 * The mean of one channel over all positions ({@code layer:channel}); on a dense layer (N×C) the
 * unit itself.
 */
public final class ChannelObjective implements Objective {
    private final String layer;
    private final int channel;

    /** @param layer layer name; @param channel channel (unit) index */
    public ChannelObjective(String layer, int channel) {
        this.layer = layer;
        this.channel = channel;
    }

    /** The layer. */
    public String layer() {
        return layer;
    }

    /** The channel. */
    public int channel() {
        return channel;
    }

    /** Per-item, per-channel spatial means of an activation: [N, C] (a rank-2 activation is returned as is). */
    static NDArray channelMeans(NDArray act) {
        long n = act.getShape().get(0);
        long c = act.getShape().get(1);
        if (act.getShape().dimension() == 2) {
            return act;
        }
        return act.reshape(n, c, -1).mean(new int[] {2});
    }

    @Override
    public NDArray score(Evaluation e) {
        NDArray act = e.activations().get(layer);
        NDArray unit = act.get(":, " + channel);
        return unit.getShape().dimension() == 1 ? unit : unit.reshape(unit.getShape().get(0), -1).mean(new int[] {1});
    }

    @Override
    public Set<String> layers() {
        return Set.of(layer);
    }

    @Override
    public void validate(ModelShapes shapes) {
        shapes.checkUnit(layer, channel);
    }

    @Override
    public String describe() {
        return Objectives.quote(layer) + ":" + channel;
    }
}
