package dev.visor.train;

import dev.visor.VisorException;
import dev.visor.model.InputSpec;
import java.util.List;

/** The classifier architectures {@code visor train classifier --arch NAME} knows. */
public final class Architectures {
    /** Fashion-MNIST's training-set pixel mean and std (in [0, 1]). */
    private static final InputSpec FASHION_28 = new InputSpec(1, 28, 28, 0f, 1f, new float[] {0.2860f},
            new float[] {0.3530f}, false, "NCHW");

    private Architectures() {}

    /** All architectures. */
    public static List<Architecture> all() {
        return List.of(
                new Architecture("fashion-cnn", "conv32-pool-conv64-pool-fc128-dropout (3×3 kernels), 28×28 grey",
                        FASHION_28, (spec, k, m, r) -> new CnnBuilder("fashion-cnn", spec, m, r)
                                .conv(32, 3).pool().conv(64, 3).pool().flatten().dense(128).dropout(0.3f).logits(k)),
                new Architecture("fashion-cnn-b", "conv16-pool-conv32-pool-conv64-pool-fc256-dropout (5×5, 5×5, 3×3), 28×28 grey",
                        FASHION_28, (spec, k, m, r) -> new CnnBuilder("fashion-cnn-b", spec, m, r)
                                .conv(16, 5).pool().conv(32, 5).pool().conv(64, 3).pool().flatten().dense(256).dropout(0.3f)
                                .logits(k)),
                new Architecture("tiny-cnn", "conv8-pool-conv16-pool-fc32 (for tests and quick checks), 28×28 grey",
                        FASHION_28, (spec, k, m, r) -> new CnnBuilder("tiny-cnn", spec, m, r)
                                .conv(8, 3).pool().conv(16, 3).pool().flatten().dense(32).dropout(0.2f).logits(k)));
    }

    /** The architecture with this name. */
    public static Architecture get(String name) {
        return all().stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow(() -> new VisorException(
                "unknown architecture '" + name + "'; valid: " + String.join(", ", all().stream().map(Architecture::name).toList())));
    }
}
