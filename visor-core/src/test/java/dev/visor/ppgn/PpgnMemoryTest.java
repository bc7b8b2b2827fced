package dev.visor.ppgn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.visor.data.FashionMnist;
import dev.visor.data.Split;
import dev.visor.engine.RunRandom;
import dev.visor.generative.LatentGenerator;
import dev.visor.io.ModelLoader;
import dev.visor.model.Model;
import dev.visor.optvis.Renderer;
import dev.visor.optvis.objective.ClassObjective;
import dev.visor.optvis.param.LatentParameterization;
import dev.visor.optvis.step.LatentClip;
import dev.visor.optvis.step.PpgnStep;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A PPGN chain (G, classifier forward + backward, DAE) leaves nothing behind in long-lived managers, and native memory stays flat. */
class PpgnMemoryTest {
    /** Runs {@code steps} PPGN steps on 2 chains; returns {native growth MB, arrays left in long-lived managers}. */
    private static long[] chain(int warmUp, int steps) throws IOException {
        try (Model cnn = ModelLoader.load("builtin:fashion-cnn"); DaePrior dae = DaePrior.load("builtin:fashion-dae")) {
            LatentGenerator g = RidgeGenerator.fit(cnn, FashionMnist.open(FashionMnist.DEBIAN_DIR, Split.TRAIN), 500);
            try (NDManager m = cnn.manager().newSubManager()) {
                NDArray h0 = new RunRandom(1).uniform(m, new Shape(2, 128), 0f, 3f);
                int[] before = null;
                long baseline = 0;
                for (int run = 0; run < 2; run++) {
                    try (NDManager out = m.newSubManager(); LatentParameterization p = new LatentParameterization(m, g, h0, 2)) {
                        Renderer.on(cnn).objective(new ClassObjective("logits", 7, true)).parameterization(p).transforms(List.of())
                                .stepRule(PpgnStep.defaults(dae)).imageOps(List.of(LatentClip.of(0f, 40f)))
                                .steps(run == 0 ? warmUp : steps).skipValidation().run(new RunRandom(2), out);
                    }
                    if (run == 0) {
                        before = counts(cnn, dae, g, m);
                        baseline = nativeKb();
                    }
                }
                int[] after = counts(cnn, dae, g, m);
                long leftBehind = 0;
                for (int i = 0; i < after.length; i++) {
                    leftBehind += after[i] - before[i];
                }
                long growth = (nativeKb() - baseline) / 1024;
                g.model().close();
                g.close();
                return new long[] {growth, leftBehind};
            }
        }
    }

    private static int[] counts(Model cnn, DaePrior dae, LatentGenerator g, NDManager m) {
        return new int[] {cnn.manager().getManagedArrays().size(), dae.model().manager().getManagedArrays().size(),
            g.model().manager().getManagedArrays().size(), m.getManagedArrays().size()};
    }

    @Test
    void aShortChainLeavesNoArrayBehind() throws IOException {
        long[] r = chain(20, 100);
        assertThat(r[1]).as("arrays left in the models' and the job's managers after 100 steps").isZero();
    }

    @Test
    @Tag("slow")
    void aThousandStepChainKeepsNativeMemoryFlat() throws IOException {
        long[] r = chain(300, 1000);
        System.out.println("PPGN chain: native memory growth over 1000 steps after a 300-step warm-up: " + r[0] + " MB");
        assertThat(r[1]).isZero();
        // One leaked 2x128 code or 2x784 image per step would be ~1-6 MB; a leaked activation set per step far more.
        assertThat(r[0]).isLessThan(32);
    }

    /** Resident memory not committed by the JVM itself (heap, metaspace, code): libtorch's share. */
    private static long nativeKb() throws IOException {
        System.gc();
        var mx = java.lang.management.ManagementFactory.getMemoryMXBean();
        long jvm = mx.getHeapMemoryUsage().getCommitted() + mx.getNonHeapMemoryUsage().getCommitted();
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) - jvm / 1024;
            }
        }
        return 0;
    }
}
