package dev.visor.model;

import dev.visor.VisorException;
import dev.visor.model.ops.StandardOps;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.Set;

/** Op types Visor can run, each with the factory that builds its {@link Op}. */
public final class OpRegistry {
    private static final OpRegistry STANDARD = createStandard();
    private final Map<String, OpFactory> factories = new TreeMap<>();

    /** An empty registry. */
    public OpRegistry() {}

    /** The registry with every op Visor supports. */
    public static OpRegistry standard() {
        return STANDARD;
    }

    private static OpRegistry createStandard() {
        OpRegistry r = new OpRegistry();
        StandardOps.registerAll(r);
        return r;
    }

    /** Registers (or replaces) an op type. */
    public void register(String opType, OpFactory factory) {
        factories.put(opType, factory);
    }

    /** True if the op type is supported. */
    public boolean supports(String opType) {
        return factories.containsKey(opType);
    }

    /** Supported op types, sorted. */
    public Set<String> opTypes() {
        return Collections.unmodifiableSet(new TreeSet<>(factories.keySet()));
    }

    /**
     * Builds the op of a node.
     *
     * @param node   the node
     * @param source the model file, for the error message
     */
    public Op create(Node node, String source) {
        OpFactory f = factories.get(node.opType());
        if (f == null) {
            throw new VisorException("unsupported op '" + node.opType() + "' at node '" + node.name() + "' in " + source
                    + "; supported ops: " + String.join(", ", opTypes()));
        }
        return f.create(node);
    }
}
