package dev.visor.optvis.objective;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.Set;

/**
 * What an optimisation maximises: a function of one forward pass to one score per batch item
 * (shape [N]), with the layers it reads declared up front so the pass stops at the deepest one.
 * Objectives combine with {@link #plus}, {@link #minus}, {@link #times}, {@link #negate} and
 * {@link #sum}; {@link #perItem} gives each batch item its own objective, so one optimisation
 * renders N different units.
 */
public interface Objective {
    /** The score of every batch item, shape [N]. */
    NDArray score(Evaluation e);

    /** Layer names (as the user wrote them) whose activations {@link #score} reads. */
    Set<String> layers();

    /** Checks layers and unit indices against the model; a one-line {@link dev.visor.VisorException} if wrong. */
    void validate(ModelShapes shapes);

    /** A readable form, parseable by {@link ObjectiveParser} where the objective came from a string. */
    String describe();

    /** This plus another objective. */
    default Objective plus(Objective other) {
        return sum(List.of(this, other));
    }

    /** This minus another objective. */
    default Objective minus(Objective other) {
        return sum(List.of(this, other.negate()));
    }

    /** This scaled by a weight. */
    default Objective times(double weight) {
        return new Scaled(this, weight);
    }

    /** The negation. */
    default Objective negate() {
        return times(-1);
    }

    /** The sum of objectives. */
    static Objective sum(List<Objective> terms) {
        return new Sum(terms);
    }

    /** Item i of the batch scores with {@code perItem.get(i)}; the batch must have exactly that many items. */
    static Objective perItem(List<Objective> perItem) {
        return new PerItem(perItem);
    }
}
