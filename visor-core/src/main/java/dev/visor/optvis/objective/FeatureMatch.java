package dev.visor.optvis.objective;

import ai.djl.ndarray.NDArray;
import dev.visor.VisorException;
import dev.visor.engine.Scalars;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Agreement of a layer's features with target features Φ0 = Φ(x0) of a real image, summed over one or
 * more layers; the objective of network inversion (Mahendran and Vedaldi 2015, REFERENCE.md §4) and of
 * Lucid's caricature (REFERENCE.md §8). Per batch item:
 * <ul>
 *   <li>{@link Mode#MATCH}: −Σ_l ‖Φ_l(x) − Φ0_l‖² / ‖Φ0_l‖², the negated relative feature error, so that
 *       ascent minimises it (0 at a perfect reconstruction);</li>
 *   <li>{@link Mode#CARICATURE}: Σ_l ⟨Φ_l(x), Φ0_l⟩ / ‖Φ0_l‖², the dot product with the target, which
 *       grows without bound by exaggerating what the layer sees in x0 (1 at x = x0).</li>
 * </ul>
 * The targets are batch-1 activations (broadcast over the batch); the caller owns them and keeps them
 * open for as long as the objective is used.
 */
public final class FeatureMatch implements Objective {
    /** What is compared. */
    public enum Mode {
        /** Minimise the relative squared error (inversion). */
        MATCH,
        /** Maximise the normalised dot product (caricature). */
        CARICATURE
    }

    private final Map<String, NDArray> targets;
    private final Map<String, Double> norms = new LinkedHashMap<>();
    private final Mode mode;

    /**
     * @param targets layer name → Φ0 of that layer, shape (1, ...) as the model produces it for x0
     * @param mode    match or caricature
     */
    public FeatureMatch(Map<String, NDArray> targets, Mode mode) {
        if (targets.isEmpty()) {
            throw new VisorException("feature matching needs at least one layer");
        }
        this.targets = new LinkedHashMap<>(targets);
        this.mode = mode;
        for (Map.Entry<String, NDArray> t : this.targets.entrySet()) {
            double n2 = t.getValue().square().sum().getFloat();
            if (!(n2 > 0)) {
                throw new VisorException("the target features of layer '" + t.getKey()
                        + "' are all zero for this image; inversion needs a layer the image activates");
            }
            norms.put(t.getKey(), n2);
        }
    }

    /** The comparison. */
    public Mode mode() {
        return mode;
    }

    /** ‖Φ0_l‖² of a layer. */
    public double targetNormSquared(String layer) {
        return norms.get(layer);
    }

    @Override
    public NDArray score(Evaluation e) {
        NDArray total = null;
        for (Map.Entry<String, NDArray> t : targets.entrySet()) {
            NDArray term = term(e.activations().get(t.getKey()), t.getValue(), norms.get(t.getKey()), mode);
            total = total == null ? term : total.add(term);
        }
        return total;
    }

    /**
     * One layer's term per batch item: −‖φ − φ0‖²/‖φ0‖² (match) or ⟨φ, φ0⟩/‖φ0‖² (caricature).
     *
     * @param phi   the activation (N, ...)
     * @param phi0  the target (1, ...)
     * @param norm2 ‖φ0‖²
     */
    static NDArray term(NDArray phi, NDArray phi0, double norm2, Mode mode) {
        long n = phi.getShape().get(0);
        NDArray perItem = mode == Mode.MATCH
                ? phi.sub(phi0).square().reshape(n, -1).sum(new int[] {1})
                : phi.mul(phi0).reshape(n, -1).sum(new int[] {1});
        return Scalars.times(perItem, (mode == Mode.MATCH ? -1.0 : 1.0) / norm2);
    }

    /** The relative feature error ‖φ − φ0‖²/‖φ0‖² of every batch item at one layer (no gradient needed). */
    public float[] relativeError(Evaluation e, String layer) {
        NDArray phi0 = targets.get(layer);
        if (phi0 == null) {
            throw new VisorException("layer '" + layer + "' is not one of this objective's layers " + targets.keySet());
        }
        return term(e.activations().get(layer), phi0, norms.get(layer), Mode.MATCH).neg().toFloatArray();
    }

    @Override
    public Set<String> layers() {
        return targets.keySet();
    }

    @Override
    public void validate(ModelShapes shapes) {
        for (Map.Entry<String, NDArray> t : targets.entrySet()) {
            long[] want = shapes.shape(t.getKey());
            long[] got = t.getValue().getShape().getShape();
            boolean ok = want.length == got.length && got[0] == 1;
            for (int i = 1; ok && i < want.length; i++) {
                ok = want[i] == got[i];
            }
            if (!ok) {
                throw new VisorException("target features of layer '" + t.getKey() + "' have shape " + t.getValue().getShape()
                        + " but the layer gives " + java.util.Arrays.toString(want) + " at the model's input size");
            }
        }
    }

    @Override
    public String describe() {
        return (mode == Mode.MATCH ? "invert(" : "caricature(")
                + targets.keySet().stream().map(Objectives::quote).collect(Collectors.joining(", ")) + ")";
    }
}
