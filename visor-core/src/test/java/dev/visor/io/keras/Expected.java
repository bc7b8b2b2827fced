package dev.visor.io.keras;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.visor.model.Activations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Input and per-layer outputs (NHWC) written by make_fixtures.py from its numpy forward pass. */
record Expected(JsonNode root) {
    static Expected read(Path file) {
        try {
            return new Expected(new ObjectMapper().readTree(file.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The input batch as NCHW. */
    NDArray inputNchw(NDManager m) {
        return array(m, root.get("input")).transpose(0, 3, 1, 2);
    }

    List<String> layers() {
        List<String> r = new ArrayList<>();
        root.get("outputs").fieldNames().forEachRemaining(r::add);
        return r;
    }

    /** A layer's expected output in Keras layout. */
    NDArray output(NDManager m, String layer) {
        return array(m, root.get("outputs").get(layer));
    }

    /** A layer's activation from a Visor forward pass, in Keras layout (NCHW images back to NHWC). */
    static NDArray kerasLayout(Activations a, String layer) {
        NDArray v = a.get(layer);
        return v.getShape().dimension() == 4 ? v.transpose(0, 2, 3, 1) : v;
    }

    private static NDArray array(NDManager m, JsonNode n) {
        JsonNode s = n.get("shape");
        long[] shape = new long[s.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = s.get(i).asLong();
        }
        JsonNode d = n.get("data");
        float[] v = new float[d.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) d.get(i).asDouble();
        }
        return m.create(v, new Shape(shape));
    }
}
