package dev.visor.optvis.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.visor.VisorException;
import dev.visor.model.Activations;
import dev.visor.model.ForwardRequest;
import dev.visor.model.Model;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Activation shapes of a model's layers at its input size (batch 1), measured by one forward pass
 * per distinct layer set and cached: what objectives validate unit indices against.
 */
public final class ModelShapes {
    private final Model model;
    private final Map<String, long[]> shapes = new HashMap<>();

    /** @param model the model objectives will run on */
    public ModelShapes(Model model) {
        this.model = model;
    }

    /** The model. */
    public Model model() {
        return model;
    }

    /** Shape of a layer's activation for one image; a one-line error naming close layers if unknown. */
    public long[] shape(String layer) {
        long[] s = shapes.get(layer);
        if (s == null) {
            model.resolve(layer);
            try (NDManager m = model.manager().newSubManager()) {
                NDArray x = m.zeros(model.inputSpec().batchShape(1));
                Activations a = model.forward(x, ForwardRequest.of(List.of(layer)));
                s = a.get(layer).getShape().getShape().clone(); // DJL's array is the tensor's own (ENGINE-FINDINGS)
            }
            shapes.put(layer, s);
        }
        return s.clone();
    }

    /** Number of units (axis 1) of a layer. */
    public long units(String layer) {
        long[] s = shape(layer);
        return s.length < 2 ? 1 : s[1];
    }

    /** Checks that {@code unit} is a valid channel of {@code layer}. */
    public void checkUnit(String layer, long unit) {
        long n = units(layer);
        if (unit < 0 || unit >= n) {
            throw new VisorException("unit " + unit + " is out of range for layer '" + layer + "', which has " + n
                    + " units (0-" + (n - 1) + ")");
        }
    }

    /** The model's output layer (logits of a classifier). */
    public String outputLayer() {
        return model.graph().outputs().get(0);
    }
}
