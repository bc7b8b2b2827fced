package dev.visor.spark;

import dev.visor.io.ModelLoader;
import dev.visor.io.ModelOptions;
import dev.visor.model.Model;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * What an executor needs to load the driver's model: the {@code --model} value and its overrides, in a form
 * Spark can ship (every field serialisable).
 *
 * @param model     as {@code --model} takes it (a path every executor can read, zoo:NAME, builtin:NAME)
 * @param zooMirror the {@code --zoo-mirror}, or null
 */
public record ModelSpec(String model, Integer size, Integer channels, Float rangeMin, Float rangeMax, float[] mean, float[] std,
                        Boolean bgr, String labels, String zooMirror) implements Serializable {
    /** The spec of a model and its overrides. */
    public static ModelSpec of(String model, ModelOptions o, String zooMirror) {
        return new ModelSpec(model, o.size(), o.channels(), o.rangeMin(), o.rangeMax(), o.mean(), o.std(), o.bgr(),
                o.labels() == null ? null : o.labels().toString(), zooMirror);
    }

    /** A model without overrides. */
    public static ModelSpec of(String model) {
        return of(model, ModelOptions.none(), null);
    }

    /** Loads the model (each call a new one; {@link ExecutorModels} keeps one per JVM). */
    public Model load() {
        if (zooMirror != null) {
            System.setProperty("visor.zoo.mirror", zooMirror);
        }
        return ModelLoader.load(model, new ModelOptions(size, channels, rangeMin, rangeMax, mean, std, bgr,
                labels == null ? null : Path.of(labels)));
    }

    /** A key equal for equal specs (the arrays by value). */
    public String key() {
        return String.join("|", model, String.valueOf(size), String.valueOf(channels), String.valueOf(rangeMin),
                String.valueOf(rangeMax), Arrays.toString(mean), Arrays.toString(std), String.valueOf(bgr), String.valueOf(labels));
    }
}
