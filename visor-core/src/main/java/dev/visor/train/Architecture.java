package dev.visor.train;

import ai.djl.ndarray.NDManager;
import dev.visor.engine.RunRandom;
import dev.visor.model.Graph;
import dev.visor.model.InputSpec;

/**
 * A trainable classifier architecture: a name, its input, and a function that emits the graph with
 * seeded initial weights.
 *
 * @param name        what {@code --arch} calls it
 * @param description one line for help texts
 * @param inputSpec   the input it is built for
 * @param builder     builds the graph (weights in the manager, drawn from the random source)
 */
public record Architecture(String name, String description, InputSpec inputSpec, Builder builder) {
    /** Emits the graph of an architecture. */
    @FunctionalInterface
    public interface Builder {
        /** @return the graph, its weights created in {@code manager} from {@code random} */
        Graph build(InputSpec spec, int classes, NDManager manager, RunRandom random);
    }

    /** Builds the graph for {@code classes} classes. */
    public Graph build(int classes, NDManager manager, RunRandom random) {
        return builder.build(inputSpec, classes, manager, random);
    }
}
