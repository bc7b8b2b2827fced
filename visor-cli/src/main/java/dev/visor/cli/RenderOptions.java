package dev.visor.cli;

import dev.visor.VisorException;
import dev.visor.optvis.Presets;
import dev.visor.optvis.RenderSettings;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Flags shared by the render commands: a preset and overrides of any of its settings. */
public final class RenderOptions {
    @Option(names = "--preset", defaultValue = "fourier", paramLabel = "NAME",
            description = "render recipe: fourier (Olah 2017), regularized (Yosinski 2015), small (28-64 px models); default ${DEFAULT-VALUE}")
    String preset;

    @Option(names = "--size", paramLabel = "PX", description = "image side in pixels (0: the model's input size)")
    Integer size;

    @Option(names = "--steps", paramLabel = "N", description = "optimisation steps")
    Integer steps;

    @Option(names = "--lr", paramLabel = "RATE", description = "learning rate (image units [0, 1])")
    Double lr;

    @Option(names = "--param", paramLabel = "KIND", description = "parameterisation: fourier, pixel, pixel-sigmoid")
    String param;

    @Option(names = "--diversity", paramLabel = "W", description = "weight of the diversity term (Olah 2017: 100, with --batch 4)")
    Double diversity;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "random seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--set", paramLabel = "KEY=VALUE", split = ",",
            description = "override any render setting, e.g. --set jitter=4,rotate=0 (see a sidecar's settings for the keys)")
    Map<String, String> set = new LinkedHashMap<>();

    @Option(names = "--quiet", description = "no progress bar")
    boolean quiet;

    /** The {@code --seed} value. */
    public long seed() {
        return seed;
    }

    /** The {@code --quiet} flag. */
    public boolean quiet() {
        return quiet;
    }

    /** The preset with every given flag applied. */
    public RenderSettings settings() {
        Map<String, Object> o = new LinkedHashMap<>(set);
        putIfSet(o, "size", size);
        putIfSet(o, "steps", steps);
        putIfSet(o, "learningRate", lr);
        putIfSet(o, "parameterization", param);
        putIfSet(o, "diversity", diversity);
        RenderSettings s = Presets.get(preset).with(o);
        if (s.steps() < 0 || s.size() < 0) {
            throw new VisorException("steps and size must be 0 or more");
        }
        return s;
    }

    private static void putIfSet(Map<String, Object> m, String key, Object v) {
        if (v != null) {
            m.put(key, v);
        }
    }
}
