package dev.visor.optvis.objective;

import ai.djl.ndarray.NDArray;
import java.util.Set;

/** An objective times a constant weight. */
final class Scaled implements Objective {
    private final Objective inner;
    private final double weight;

    Scaled(Objective inner, double weight) {
        this.inner = inner instanceof Scaled s ? s.inner : inner;
        this.weight = inner instanceof Scaled s ? s.weight * weight : weight;
    }

    @Override
    public NDArray score(Evaluation e) {
        return dev.visor.engine.Scalars.times(inner.score(e), weight);
    }

    @Override
    public Set<String> layers() {
        return inner.layers();
    }

    @Override
    public void validate(ModelShapes shapes) {
        inner.validate(shapes);
    }

    @Override
    public String describe() {
        String in = inner instanceof Sum ? "(" + inner.describe() + ")" : inner.describe();
        if (weight == -1) {
            return "-" + in;
        }
        if (weight < 0) {
            return "-" + Objectives.number(-weight) + "*" + in;
        }
        return Objectives.number(weight) + "*" + in;
    }
}
