package dev.visor.io.onnx;

import dev.visor.VisorException;
import dev.visor.model.Attributes;
import dev.visor.model.Node;
import java.util.Arrays;
import java.util.Set;

/**
 * Import-time sanity checks of the window attributes of convolution and pooling nodes, so a corrupt
 * file is refused at load with the node and the valid range named, instead of failing inside the
 * engine at the first forward (an overflow, a negative shape, or a huge padded buffer).
 */
final class OnnxChecks {
    /** The largest kernel, stride, dilation, padding or group count Visor accepts. */
    static final long MAX_WINDOW = 1 << 12;
    private static final Set<String> WINDOWED = Set.of("Conv", "ConvTranspose", "MaxPool", "AveragePool", "LpPool");

    private OnnxChecks() {}

    /** Checks one node; {@code file} names the model for the message. */
    static void check(Node n, String file) {
        if (!WINDOWED.contains(n.opType())) {
            return;
        }
        Attributes a = n.attributes();
        range(n, a, "kernel_shape", 1, file);
        range(n, a, "strides", 1, file);
        range(n, a, "dilations", 1, file);
        range(n, a, "pads", 0, file);
        range(n, a, "output_padding", 0, file);
        range(n, a, "group", 1, file);
    }

    private static void range(Node n, Attributes a, String name, long lo, String file) {
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
            if (x < lo || x > MAX_WINDOW) {
                throw new VisorException("node '" + n.name() + "' (" + n.opType() + ") in " + file + " has " + name + " = "
                        + Arrays.toString(v) + "; valid: integers from " + lo + " to " + MAX_WINDOW);
            }
        }
    }
}
