package dev.visor.cli;

import dev.visor.VisorException;
import dev.visor.generative.LatentGenerator;
import dev.visor.io.ModelLoader;
import dev.visor.model.InputSpec;
import dev.visor.model.Model;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The generator flags of {@code visor dgn-am} and {@code visor ppgn}: which G, which input is its code, the others' values. */
public final class GeneratorOptions {
    @Option(names = {"-g", "--generator"}, required = true, paramLabel = "G",
            description = "the generator: builtin:NAME, a .onnx file, a Keras/TF.js model or a Visor model directory")
    String generator;

    @Option(names = "--latent-input", paramLabel = "NAME", description = "the generator input to optimise (needed when G has several inputs)")
    String latentInput;

    @Option(names = "--fix-input", paramLabel = "NAME=VALUE",
            description = "set another generator input: NAME=onehot:K, NAME=zeros or NAME=FILE.npy; repeat for several")
    List<String> fixInputs;

    @Option(names = "--generator-range", defaultValue = "0,1", split = ",", paramLabel = "LO,HI",
            description = "the values of black and white in G's output (default ${DEFAULT-VALUE}; -1,1 for tanh)")
    float[] range;

    /** The generator as named by {@code --generator}. */
    public String name() {
        return generator;
    }

    /** Loads G (checking the flags first). */
    public Model load() {
        fixedInputs();
        return ModelLoader.load(generator);
    }

    /** G wrapped for the classifier's input: its latent input, the fixed ones, its output range. */
    public LatentGenerator wrap(Model g, InputSpec classifierInput) {
        return new LatentGenerator(g, latentInput, fixedInputs(), range[0], range[1], classifierInput);
    }

    /** The {@code --fix-input} values by input name. */
    Map<String, String> fixedInputs() {
        if (range.length != 2) {
            throw new VisorException("--generator-range needs two values LO,HI, got " + range.length);
        }
        Map<String, String> fixed = new LinkedHashMap<>();
        for (String f : fixInputs == null ? List.<String>of() : fixInputs) {
            int eq = f.indexOf('=');
            if (eq <= 0 || eq == f.length() - 1) {
                throw new VisorException("bad --fix-input '" + f + "'; use NAME=onehot:K, NAME=zeros or NAME=FILE.npy");
            }
            fixed.put(f.substring(0, eq).strip(), f.substring(eq + 1).strip());
        }
        return fixed;
    }
}
