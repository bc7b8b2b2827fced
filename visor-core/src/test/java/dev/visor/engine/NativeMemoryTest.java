package dev.visor.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.visor.model.Activations;
import dev.visor.model.Attributes;
import dev.visor.model.BackwardRule;
import dev.visor.model.ForwardRequest;
import dev.visor.model.Graph;
import dev.visor.model.InputSpec;
import dev.visor.model.Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Thousands of optimisation-like steps must not grow native memory (per-step sub-managers). */
class NativeMemoryTest {
    @Test
    void rssStaysFlatOverThousandsOfGradientSteps() throws IOException {
        RunRandom r = new RunRandom(7);
        try (NDManager root = Engines.newManager()) {
            Graph g = new Graph.Builder().name("mem").input("x", -1, 3, 32, 32)
                    .initializer("w", r.normal(root, new Shape(16, 3, 3, 3), 0.2f))
                    .node("conv", "Conv", List.of("x", "w"), "c", Attributes.builder().put("pads", 1L, 1, 1, 1).build())
                    .node("relu", "Relu", List.of("c"), "r", Attributes.empty())
                    .node("pool", "MaxPool", List.of("r"), "p", Attributes.builder().put("kernel_shape", 2L, 2).put("strides", 2L, 2).build())
                    .output("p").build();
            Model model = new Model(g, InputSpec.rgb01(32, 32), List.of(), "mem", root.newSubManager());
            NDArray image = r.uniform(root, new Shape(2, 3, 32, 32), 0, 1);
            long baseline = 0;
            int modelArrays = model.manager().getManagedArrays().size();
            int rootArrays = -1;
            int steps = 7000;
            int warmUp = 3000; // the allocator's pools fill up over the first few thousand steps, then stay flat
            for (int i = 0; i < steps; i++) {
                try (NDManager step = root.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray x = image.duplicate();
                    x.attach(step);
                    x.setRequiresGradient(true);
                    Activations a = model.forward(x, ForwardRequest.of("relu").withRule(i % 2 == 0 ? BackwardRule.PLAIN : BackwardRule.GUIDED));
                    a.backward(a.get("relu").get(":, 3").mean());
                    // The optimisation idiom: the new parameter is made in the step, then moved out, the old one closed.
                    NDArray next = x.getGradient().clip(-1, 1).mul(1e-3f).add(x.stopGradient());
                    next.attach(root);
                    image.close();
                    image = next;
                }
                if (i == warmUp) {
                    rootArrays = root.getManagedArrays().size();
                    baseline = nativeKb();
                }
            }
            // Allocator caches (tcmalloc is preloaded) still settle by a few tens of MB; a leak of one 24 KB input
            // image per step would add ~96 MB here, and the NDArray.set leak this test caught added ~96 MB.
            long growthMb = (nativeKb() - baseline) / 1024;
            System.out.println("native memory growth after warm-up: " + growthMb + " MB");
            // Exact check: no step leaves an array behind in a long-lived manager.
            assertThat(model.manager().getManagedArrays()).hasSize(modelArrays);
            assertThat(root.getManagedArrays()).hasSize(rootArrays);
            assertThat(growthMb).as("native memory growth over %d steps after warm-up, MB", steps - warmUp).isLessThan(48);
            model.close();
        }
    }

    /** Resident memory not committed by the JVM itself (heap, metaspace, code): libtorch's share. */
    private static long nativeKb() throws IOException {
        System.gc();
        var mx = java.lang.management.ManagementFactory.getMemoryMXBean();
        long jvm = mx.getHeapMemoryUsage().getCommitted() + mx.getNonHeapMemoryUsage().getCommitted();
        return rssKb() - jvm / 1024;
    }

    private static long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return 0;
    }
}
