package dev.visor.optvis.objective;

import ai.djl.ndarray.NDArray;
import dev.visor.VisorException;
import java.util.Set;

/**
 * A direction in a layer's channel space: the mean over positions of the dot product of the
 * activation with a vector (Lucid's {@code direction}).
 */
public final class DirectionObjective implements Objective {
    private final String layer;
    private final float[] vector;
    private final String source;

    /**
     * @param layer  layer name
     * @param vector one weight per channel
     * @param source where the vector came from (a file name), for {@link #describe}
     */
    public DirectionObjective(String layer, float[] vector, String source) {
        this.layer = layer;
        this.vector = vector.clone();
        this.source = source;
    }

    @Override
    public NDArray score(Evaluation e) {
        NDArray means = ChannelObjective.channelMeans(e.activations().get(layer));
        NDArray v = means.getManager().create(vector).reshape(vector.length, 1);
        return means.matMul(v).reshape(-1);
    }

    @Override
    public Set<String> layers() {
        return Set.of(layer);
    }

    @Override
    public void validate(ModelShapes shapes) {
        long c = shapes.units(layer);
        if (c != vector.length) {
            throw new VisorException("direction " + source + " has " + vector.length + " values but layer '" + layer + "' has "
                    + c + " channels");
        }
    }

    @Override
    public String describe() {
        return "direction(" + Objectives.quote(layer) + ", " + Objectives.quote(source) + ")";
    }
}
