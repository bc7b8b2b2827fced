package dev.visor;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * A typed registry of named implementations of one interface, discovered with {@link ServiceLoader}:
 * adding a kind (a parameterisation, a step rule) is one new class and its line in
 * {@code META-INF/services/<interface>}, with no switch to edit. Unknown names get an error that lists
 * the valid ones.
 *
 * @param <T> the interface
 */
public final class Registry<T extends Registry.Named> {
    /** Something a registry can hold: it has a unique, user-facing name. */
    public interface Named {
        /** The name users write (e.g. in {@code --param} or a sidecar). */
        String name();
    }

    private final String what;
    private final Map<String, T> byName;

    private Registry(String what, Map<String, T> byName) {
        this.what = what;
        this.byName = Collections.unmodifiableMap(byName);
    }

    /**
     * Every implementation of {@code type} that the class path declares.
     *
     * @param what the noun used in error messages, e.g. {@code parameterization}
     */
    public static <T extends Named> Registry<T> load(Class<T> type, String what) {
        Map<String, T> m = new TreeMap<>();
        for (T t : ServiceLoader.load(type, type.getClassLoader())) {
            T before = m.put(t.name(), t);
            if (before != null && before.getClass() != t.getClass()) {
                throw new IllegalStateException("two " + what + "s named '" + t.name() + "': " + before.getClass().getName()
                        + " and " + t.getClass().getName());
            }
        }
        return new Registry<>(what, m);
    }

    /** The implementation with this name; a one-line error listing the valid names. */
    public T get(String name) {
        T t = byName.get(name);
        if (t == null) {
            throw new VisorException("unknown " + what + " '" + name + "'; known: " + String.join(", ", names()));
        }
        return t;
    }

    /** The valid names, sorted. */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }
}
