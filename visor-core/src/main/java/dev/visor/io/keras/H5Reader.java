package dev.visor.io.keras;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.visor.VisorException;
import dev.visor.io.ModelLoader;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a Keras {@code .h5} model saved with {@code model.save} (Keras 2 layout): the root attribute
 * {@code model_config} (JSON) and the group {@code model_weights}, whose attribute
 * {@code layer_names} lists the layers and each layer group's {@code weight_names} its datasets
 * ({@code model_weights/<layer>/<layer>/<weight>:0}).
 */
public final class H5Reader {
    private H5Reader() {}

    /** Reads the file and a labels.txt beside it. */
    public static KerasFile read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new VisorException("Keras .h5 file not found: " + file);
        }
        try (HdfFile h5 = new HdfFile(file)) {
            JsonNode config = modelConfig(h5, file);
            Group root = h5.getChildren().get("model_weights") instanceof Group g ? g : null;
            if (root == null) {
                throw new VisorException(file + " has a model_config but no model_weights group: not a Keras model file");
            }
            KerasWeights weights = readWeights(root, file);
            Path labels = file.toAbsolutePath().resolveSibling("labels.txt");
            List<String> names = Files.isRegularFile(labels) ? ModelLoader.readLabels(labels) : List.of();
            return new KerasFile(config, weights, names, file.toString());
        } catch (VisorException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new VisorException("cannot read " + file + " as HDF5: " + e.getMessage(), e);
        }
    }

    private static JsonNode modelConfig(HdfFile h5, Path file) {
        Attribute a = h5.getAttribute("model_config");
        if (a == null) {
            throw new VisorException(file + " has no model_config attribute: it holds weights only or is not a Keras"
                    + " model; save the whole model with model.save(...)");
        }
        try {
            JsonNode config = new ObjectMapper().readTree(text(a.getData()));
            if (!config.has("class_name") || !config.has("config")) {
                throw new VisorException(file + ": model_config is not a Keras model config (class_name + config)");
            }
            return config;
        } catch (IOException e) {
            throw new VisorException(file + ": model_config is not valid JSON: " + e.getMessage(), e);
        }
    }

    private static KerasWeights readWeights(Group root, Path file) {
        KerasWeights weights = new KerasWeights();
        Attribute names = root.getAttribute("layer_names");
        List<String> layers = names != null ? strings(names.getData()) : new ArrayList<>(root.getChildren().keySet());
        for (String layer : layers) {
            Node n = root.getChildren().get(layer);
            if (!(n instanceof Group g)) {
                continue;
            }
            Attribute wn = g.getAttribute("weight_names");
            if (wn == null) {
                continue;
            }
            for (String w : strings(wn.getData())) {
                Node d = g.getByPath(w);
                if (!(d instanceof Dataset ds)) {
                    throw new VisorException(file + ": weight '" + w + "' of layer '" + layer + "' is missing");
                }
                String shortName = w.substring(w.lastIndexOf('/') + 1);
                weights.add(new WeightTensor(layer + "/" + shortName, ds.getDimensions(), floats(ds.getDataFlat())));
            }
        }
        return weights;
    }

    private static float[] floats(Object flat) {
        if (flat instanceof float[] f) {
            return f;
        }
        int n = Array.getLength(flat);
        float[] r = new float[n];
        for (int i = 0; i < n; i++) {
            r[i] = ((Number) Array.get(flat, i)).floatValue();
        }
        return r;
    }

    private static String text(Object data) {
        if (data instanceof String s) {
            return s;
        }
        if (data instanceof byte[] b) {
            return new String(b, java.nio.charset.StandardCharsets.UTF_8);
        }
        if (data != null && data.getClass().isArray() && Array.getLength(data) == 1) {
            return text(Array.get(data, 0));
        }
        return String.valueOf(data);
    }

    private static List<String> strings(Object data) {
        List<String> r = new ArrayList<>();
        if (data != null && data.getClass().isArray()) {
            for (int i = 0; i < Array.getLength(data); i++) {
                r.add(text(Array.get(data, i)));
            }
        } else if (data != null) {
            r.add(text(data));
        }
        return r;
    }
}
