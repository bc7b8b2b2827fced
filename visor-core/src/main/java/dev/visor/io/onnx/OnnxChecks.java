package dev.visor.io.onnx;

import dev.visor.VisorException;
import dev.visor.model.Attributes;
import dev.visor.model.Node;
import java.util.Arrays;
import java.util.Set;

/**
 * Import-time sanity checks of the window attributes of convolution and pooling nodes (and of any
 * node's {@code axis}), so a corrupt
 * file is refused at load with the node and the valid range named, instead of failing inside the
 * engine at the first forward (an overflow, a negative shape, or a huge padded buffer).
 */
final class OnnxChecks {
    /** The largest kernel, stride, dilation, padding or group count Visor accepts. */
    static final long MAX_WINDOW = 1 << 12;
    /** Axes beyond this rank cannot name a tensor axis (libtorch tensors have at most 64 dimensions). */
    static final long MAX_RANK = 64;
    private static final Set<String> WINDOWED = Set.of("Conv", "ConvTranspose", "MaxPool", "AveragePool", "LpPool");

    private OnnxChecks() {}

    /** Checks one node; {@code file} names the model for the message. */
    static void check(Node n, String file) {
        if (n.attributes().has("axis")) {
            range(n, n.attributes(), "axis", -MAX_RANK, MAX_RANK, file);
        }
        if (!WINDOWED.contains(n.opType())) {
            return;
        }
        Attributes a = n.attributes();
        range(n, a, "kernel_shape", 1, MAX_WINDOW, file);
        range(n, a, "strides", 1, MAX_WINDOW, file);
        range(n, a, "dilations", 1, MAX_WINDOW, file);
        range(n, a, "pads", 0, MAX_WINDOW, file);
        range(n, a, "output_padding", 0, MAX_WINDOW, file);
        range(n, a, "group", 1, MAX_WINDOW, file);
    }

    private static void range(Node n, Attributes a, String name, long lo, long hi, String file) {
        if (!a.has(name)) {
            return;
        }
        long[] v;
        try {
            v = a.getLongs(name, null);
        } catch (VisorException e) {
            throw new VisorException("node '" + n.name() + "' (" + n.opType() + ") in " + file + " has attribute " + name
                    + " of the wrong type; valid: integers");
        }
        for (long x : v) {
            if (x < lo || x > hi) {
                throw new VisorException("node '" + n.name() + "' (" + n.opType() + ") in " + file + " has " + name + " = "
                        + Arrays.toString(v) + "; valid: integers from " + lo + " to " + hi);
            }
        }
    }
}
