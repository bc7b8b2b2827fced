package dev.visor.optvis.objective;

import ai.djl.ndarray.NDArray;
import dev.visor.VisorException;
import java.util.Set;

/** One neuron: a channel at one position ({@code layer:channel@x,y}), the centre when no position is given. */
public final class NeuronObjective implements Objective {
    private final String layer;
    private final int channel;
    private final Integer x;
    private final Integer y;

    /**
     * @param layer   layer name
     * @param channel channel index
     * @param x       column, or null for the centre
     * @param y       row, or null for the centre
     */
    public NeuronObjective(String layer, int channel, Integer x, Integer y) {
        this.layer = layer;
        this.channel = channel;
        this.x = x;
        this.y = y;
    }

    @Override
    public NDArray score(Evaluation e) {
        NDArray act = e.activations().get(layer);
        if (act.getShape().dimension() != 4) {
            throw new VisorException("neuron objective " + describe() + " needs a convolutional layer (N×C×H×W); '" + layer
                    + "' has shape " + act.getShape() + "; use " + Objectives.quote(layer) + ":" + channel + " for a dense unit");
        }
        long h = act.getShape().get(2);
        long w = act.getShape().get(3);
        long col = x == null ? w / 2 : x;
        long row = y == null ? h / 2 : y;
        if (col < 0 || col >= w || row < 0 || row >= h) {
            throw new VisorException("neuron position " + col + "," + row + " is outside layer '" + layer + "', which is "
                    + w + " wide and " + h + " high at this image size");
        }
        return act.get(":, " + channel + ", " + row + ", " + col);
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
        return Objectives.quote(layer) + ":" + channel + "@" + (x == null ? "center" : x + "," + y);
    }
}
