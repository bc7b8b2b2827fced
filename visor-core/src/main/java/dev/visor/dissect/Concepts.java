package dev.visor.dissect;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The concepts a dissection scores: every (category, label) pair of a probe set, in category order and then by label
 * number, so that a label listed in two categories (Broden has object and part labels in both) is two concepts.
 */
public final class Concepts {
    /** One concept. */
    public record Concept(String category, int label, String name) {}

    private final List<String> categories;
    private final List<Concept> list;
    private final Map<String, Integer> index = new HashMap<>();

    /** Concepts from explicit lists (as read back from JSON). */
    public Concepts(List<String> categories, List<Concept> concepts) {
        this.categories = List.copyOf(categories);
        this.list = List.copyOf(concepts);
        for (int i = 0; i < list.size(); i++) {
            index.put(key(list.get(i).category(), list.get(i).label()), i);
        }
    }

    /** The concepts of a probe set. */
    public static Concepts of(ProbeSet probe) {
        List<Concept> out = new ArrayList<>();
        for (String cat : probe.categories()) {
            for (ProbeLabel l : probe.labels().values()) {
                if (l.categories().contains(cat)) {
                    out.add(new Concept(cat, l.number(), l.name()));
                }
            }
        }
        return new Concepts(probe.categories(), out);
    }

    private static String key(String category, int label) {
        return category + "\u0000" + label;
    }

    /** The categories, in order. */
    public List<String> categories() {
        return categories;
    }

    /** The concepts, in order. */
    public List<Concept> list() {
        return list;
    }

    /** Number of concepts. */
    public int size() {
        return list.size();
    }

    /** The index of (category, label), or -1. */
    public int indexOf(String category, int label) {
        Integer i = index.get(key(category, label));
        return i == null ? -1 : i;
    }

    /** The index of a category, or -1. */
    public int categoryIndex(String category) {
        return categories.indexOf(category);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Concepts c && c.categories.equals(categories) && c.list.equals(list);
    }

    @Override
    public int hashCode() {
        return list.hashCode();
    }
}
