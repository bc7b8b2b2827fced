package dev.visor.optvis;

import dev.visor.VisorException;
import java.util.List;

/** The published render recipes (REFERENCE.md §1). Every value can be overridden with {@link RenderSettings#with}. */
public final class Presets {
    /** Yosinski's learning rate of 100 at a 0..255 pixel scale, in [0, 1] image units: 100 / 255². */
    static final double YOSINSKI_LR = 100.0 / (255.0 * 255.0);

    private Presets() {}

    /** Names of the presets. */
    public static List<String> names() {
        return List.of("fourier", "regularized", "small");
    }

    /** A preset by name; a one-line error listing the valid names. */
    public static RenderSettings get(String name) {
        return switch (name) {
            // Olah 2017 / Lucid: Fourier + decorrelated colour, Adam 0.05, 512 steps, 128 px, standard transforms.
            case "fourier" -> new RenderSettings("fourier", "fourier", 128, 512, "adam", 0.05, -1, 0, 0.01,
                    12, 8, 0.9, 1.1, 10, 4, 0, 0, 0, 0, 0, 0, 0, "", 0, 0);
            // Yosinski 2015, the most used setting: decay 1e-4, blur 1.0 every 4, 1000 steps, lr 100 at 0..255.
            case "regularized" -> new RenderSettings("regularized", "pixel", 0, 1000, "sgd", YOSINSKI_LR, -1, 0, 0.02,
                    0, 0, 1, 1, 0, 0, 1e-4, 1.0, 4, 0, 0, 0, 0, "", 0, 0);
            // For 28-64 px models: small transforms, fewer steps.
            case "small" -> new RenderSettings("small", "fourier", 0, 256, "adam", 0.05, -1, 0, 0.01,
                    2, 1, 0.95, 1.05, 5, 1, 0, 0, 0, 0, 0, 0, 0, "", 0, 0);
            default -> throw new VisorException("unknown preset '" + name + "'; known: " + String.join(", ", names()));
        };
    }
}
