package dev.visor.optvis.objective;

import dev.visor.VisorException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Factories for the standard objectives and the small formatting helpers they share. */
public final class Objectives {
    private Objectives() {}

    /** Mean of a channel over positions (or a dense unit). */
    public static Objective channel(String layer, int channel) {
        return new ChannelObjective(layer, channel);
    }

    /** A neuron at the centre of a channel. */
    public static Objective neuron(String layer, int channel) {
        return new NeuronObjective(layer, channel, null, null);
    }

    /** A neuron at column x, row y of a channel. */
    public static Objective neuron(String layer, int channel, int x, int y) {
        return new NeuronObjective(layer, channel, x, y);
    }

    /** The logit of a class; {@code outputLayer} is the model's output ({@link ModelShapes#outputLayer}). */
    public static Objective logit(String outputLayer, int classIndex) {
        return new ClassObjective(outputLayer, classIndex, false);
    }

    /** The log-probability of a class. */
    public static Objective logProbability(String outputLayer, int classIndex) {
        return new ClassObjective(outputLayer, classIndex, true);
    }

    /** A direction in channel space. */
    public static Objective direction(String layer, float[] vector) {
        return new DirectionObjective(layer, vector, "vector[" + vector.length + "]");
    }

    /** Gram-matrix similarity across the batch (subtract it, weighted, for diversity). */
    public static Objective diversity(String layer) {
        return new DiversityObjective(layer);
    }

    /** An image penalty. */
    public static Objective penalty(ImagePenalty.Kind kind) {
        return new ImagePenalty(kind);
    }

    /** Network inversion: −Σ_l ‖Φ_l(x) − Φ0_l‖²/‖Φ0_l‖² over the targets' layers ({@link FeatureMatch}). */
    public static FeatureMatch featureMatch(java.util.Map<String, ai.djl.ndarray.NDArray> targets) {
        return new FeatureMatch(targets, FeatureMatch.Mode.MATCH);
    }

    /** Lucid's caricature: Σ_l ⟨Φ_l(x), Φ0_l⟩/‖Φ0_l‖² ({@link FeatureMatch}). */
    public static FeatureMatch caricature(java.util.Map<String, ai.djl.ndarray.NDArray> targets) {
        return new FeatureMatch(targets, FeatureMatch.Mode.CARICATURE);
    }

    /** Reads a direction vector: numbers separated by white space or commas. */
    public static float[] readVector(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new VisorException("direction file not found: " + file);
        }
        try {
            String[] parts = Files.readString(file).trim().split("[\\s,]+");
            float[] v = new float[parts.length];
            for (int i = 0; i < parts.length; i++) {
                v[i] = Float.parseFloat(parts[i]);
            }
            return v;
        } catch (IOException | NumberFormatException e) {
            throw new VisorException("cannot read direction file " + file + " (numbers separated by spaces or commas): "
                    + e.getMessage(), e);
        }
    }

    /** A layer name as the parser reads it back: bare when it is a plain name, else single-quoted. */
    static String quote(String name) {
        return name.matches("[A-Za-z_][A-Za-z0-9_./]*") ? name : "'" + name + "'";
    }

    /** A weight without trailing zeros. */
    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.valueOf((long) v);
        }
        return String.format(Locale.ROOT, "%s", v);
    }
}
