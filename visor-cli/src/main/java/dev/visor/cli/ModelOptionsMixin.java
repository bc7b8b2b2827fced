package dev.visor.cli;

import dev.visor.io.ModelLoader;
import dev.visor.io.ModelOptions;
import dev.visor.model.Model;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The model flags every command shares: which model, and overrides of its input spec and labels. */
public final class ModelOptionsMixin {
    @Option(names = {"-m", "--model"}, required = true, paramLabel = "MODEL",
            description = "a .onnx file, a TF.js/Keras directory or model.json, a .h5 file, a Visor model directory, zoo:NAME or builtin:NAME")
    String model;

    @Option(names = "--input-size", paramLabel = "PX", description = "input height = width in pixels (overrides the model file)")
    Integer size;

    @Option(names = "--channels", paramLabel = "C", description = "input channels, 1 or 3")
    Integer channels;

    @Option(names = "--range", paramLabel = "MIN,MAX", split = ",", description = "values of black and white pixels before mean/std, e.g. 0,255")
    float[] range;

    @Option(names = "--mean", paramLabel = "M", split = ",", description = "per-channel mean, e.g. 0.485,0.456,0.406")
    float[] mean;

    @Option(names = "--std", paramLabel = "S", split = ",", description = "per-channel std, e.g. 0.229,0.224,0.225")
    float[] std;

    @Option(names = "--bgr", description = "the model expects BGR channel order")
    Boolean bgr;

    @Option(names = "--labels", paramLabel = "FILE", description = "class names, one a line")
    Path labels;

    @Option(names = "--zoo-mirror", paramLabel = "DIR|URL", description = "fetch zoo: models from this mirror (also: VISOR_ZOO_MIRROR)")
    String zooMirror;

    /** Loads the model with the overrides. */
    public Model load() {
        if (zooMirror != null) {
            System.setProperty("visor.zoo.mirror", zooMirror);
        }
        return ModelLoader.load(model, options());
    }

    /** The {@code --model} value. */
    public String model() {
        return model;
    }

    /** The {@code --zoo-mirror} value, or null. */
    public String zooMirror() {
        return zooMirror;
    }

    /** The overrides of the model's input spec and labels (what other processes need to load the same model). */
    public ModelOptions options() {
        if (range != null && range.length != 2) {
            throw new dev.visor.VisorException("--range needs two values MIN,MAX, got " + range.length);
        }
        return new ModelOptions(size, channels, range == null ? null : range[0], range == null ? null : range[1], mean, std, bgr,
                labels);
    }
}
