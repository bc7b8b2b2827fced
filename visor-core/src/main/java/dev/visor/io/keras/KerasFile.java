package dev.visor.io.keras;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What a Keras-family file holds, whatever its container (TF.js {@code model.json} + shards, or
 * {@code .h5}): the Keras model config, the weights and the class labels found beside it.
 *
 * @param modelConfig the {@code model_config} JSON ({@code class_name} + {@code config})
 * @param weights     the weights by name
 * @param labels      class names, or an empty list
 * @param source      the file, for messages
 */
public record KerasFile(JsonNode modelConfig, KerasWeights weights, List<String> labels, String source) {
    /** Copies the labels. */
    public KerasFile {
        labels = List.copyOf(labels);
    }
}
