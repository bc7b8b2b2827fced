package dev.visor.optvis.objective;

import ai.djl.ndarray.NDArray;
import dev.visor.VisorException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The sum of several objectives; nested sums are flattened. */
final class Sum implements Objective {
    private final List<Objective> terms;

    Sum(List<Objective> terms) {
        if (terms.isEmpty()) {
            throw new VisorException("an objective sum needs at least one term");
        }
        List<Objective> flat = new ArrayList<>();
        for (Objective t : terms) {
            if (t instanceof Sum s) {
                flat.addAll(s.terms);
            } else {
                flat.add(t);
            }
        }
        this.terms = List.copyOf(flat);
    }

    List<Objective> terms() {
        return terms;
    }

    @Override
    public NDArray score(Evaluation e) {
        NDArray total = terms.get(0).score(e);
        for (int i = 1; i < terms.size(); i++) {
            total = total.add(terms.get(i).score(e));
        }
        return total;
    }

    @Override
    public Set<String> layers() {
        Set<String> all = new LinkedHashSet<>();
        terms.forEach(t -> all.addAll(t.layers()));
        return all;
    }

    @Override
    public void validate(ModelShapes shapes) {
        terms.forEach(t -> t.validate(shapes));
    }

    @Override
    public String describe() {
        StringBuilder b = new StringBuilder(terms.get(0).describe());
        for (int i = 1; i < terms.size(); i++) {
            String d = terms.get(i).describe();
            if (d.startsWith("-")) {
                b.append(" - ").append(d.substring(1));
            } else {
                b.append(" + ").append(d);
            }
        }
        return b.toString();
    }
}
