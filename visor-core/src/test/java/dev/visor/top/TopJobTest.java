package dev.visor.top;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import dev.visor.VisorException;
import dev.visor.data.Batches;
import dev.visor.data.Dataset;
import dev.visor.data.FashionMnist;
import dev.visor.data.Split;
import dev.visor.io.ModelLoader;
import dev.visor.model.Activations;
import dev.visor.model.ForwardRequest;
import dev.visor.model.Model;
import dev.visor.stats.Moments;
import dev.visor.stats.PassListener;
import dev.visor.job.Shard;
import dev.visor.stats.TopK;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code top} on the whole Fashion-MNIST test set (10 000 images) with builtin:fashion-cnn, for every
 * unit of two layers (bn1: 32 channels of 28×28, bn2: 64 channels of 14×14). One unsharded pass is
 * shared by the tests.
 */
class TopJobTest {
    static final List<String> LAYERS = List.of("bn1", "bn2");
    static final int BATCH = 100;

    static Model model;
    static Dataset test;
    static TopSettings settings;
    static TopResult single;
    @TempDir
    static Path tmp;

    @BeforeAll
    static void pass() {
        model = ModelLoader.load("builtin:fashion-cnn");
        test = FashionMnist.open(FashionMnist.DEBIAN_DIR, Split.TEST);
        settings = TopSettings.defaults().withLayers(LAYERS).withBatchSize(BATCH);
        long t0 = System.nanoTime();
        single = TopJob.run(model, test, settings, PassListener.NONE);
        System.out.printf("single pass over 10000 images: %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    /** One example as the test ranks it. */
    record Ex(int image, int y, int x, float value) {}

    @Test
    void topNineOfEveryUnitEqualsSortingAllActivations() {
        long t0 = System.nanoTime();
        List<List<List<Ex>>> all = bruteForce();
        System.out.printf("brute force: %.1f s%n", (System.nanoTime() - t0) / 1e9);
        for (int l = 0; l < LAYERS.size(); l++) {
            String layer = LAYERS.get(l);
            TopK top = single.top(layer);
            assertThat(top.units()).hasSize(all.get(l).size());
            for (int u = 0; u < all.get(l).size(); u++) {
                List<Ex> expected = all.get(l).get(u).stream()
                        .sorted(Comparator.comparing((Ex e) -> -e.value()).thenComparingInt(Ex::image)).limit(9).toList();
                List<Ex> got = top.entries(u).stream().map(e -> new Ex(e.image(), e.y(), e.x(), e.value())).toList();
                assertThat(got).as("%s unit %d", layer, u).isEqualTo(expected);
            }
        }
    }

    /**
     * Every image's per-unit spatial maximum (the first maximal position in row-major order), computed here
     * from the full activations of both layers: by layer, by unit, by image.
     */
    private static List<List<List<Ex>>> bruteForce() {
        List<List<List<Ex>>> byLayer = new ArrayList<>();
        LAYERS.forEach(l -> byLayer.add(new ArrayList<>()));
        try (NDManager m = model.manager().newSubManager()) {
            for (Batches.Batch b : Batches.of(test, model.inputSpec(), BATCH, m)) {
                try (b) {
                    Activations a = model.forward(b.input(), ForwardRequest.of(LAYERS));
                    for (int l = 0; l < LAYERS.size(); l++) {
                        List<List<Ex>> perUnit = byLayer.get(l);
                        long[] s = a.get(LAYERS.get(l)).getShape().getShape();
                        int c = (int) s[1];
                        int w = (int) s[3];
                        int plane = (int) (s[2] * s[3]);
                        float[] v = a.get(LAYERS.get(l)).toFloatArray();
                        while (perUnit.size() < c) {
                            perUnit.add(new ArrayList<>());
                        }
                        for (int i = 0; i < b.size(); i++) {
                            for (int u = 0; u < c; u++) {
                                int base = (i * c + u) * plane;
                                int best = base;
                                float bv = v[base];
                                for (int p = base + 1; p < base + plane; p++) {
                                    if (v[p] > bv) {
                                        bv = v[p];
                                        best = p;
                                    }
                                }
                                perUnit.get(u).add(new Ex(b.indices()[i], (best - base) / w, (best - base) % w, bv));
                            }
                        }
                    }
                }
            }
        }
        return byLayer;
    }

    @Test
    void fourMergedShardsWriteTheSameJsonAsOnePass() throws IOException {
        List<TopResult> parts = new ArrayList<>();
        for (int i : new int[] {2, 0, 3, 1}) {
            parts.add(TopJob.run(model, test, settings.withShard(new Shard(i, 4)), PassListener.NONE));
        }
        TopResult merged = TopResult.merge(parts);
        Path a = tmp.resolve("single");
        Path b = tmp.resolve("merged");
        TopWriter.write(single, test, model, a);
        TopWriter.write(merged, test, model, b);
        List<Path> files = unitFiles(a);
        assertThat(files).hasSize((32 + 64) * 2);
        for (Path f : files) {
            assertThat(Files.readAllBytes(b.resolve(a.relativize(f)))).as(f.toString()).isEqualTo(Files.readAllBytes(f));
        }
        for (String layer : LAYERS) {
            assertThat(merged.top(layer).toJson()).isEqualTo(single.top(layer).toJson());
            Moments ms = single.moments(layer);
            Moments mm = merged.moments(layer);
            for (int u = 0; u < ms.units().length; u++) {
                assertThat(mm.count(u)).isEqualTo(10_000).isEqualTo(ms.count(u));
                assertThat(mm.min(u)).isEqualTo(ms.min(u));
                assertThat(mm.max(u)).isEqualTo(ms.max(u));
                assertThat(relative(mm.mean(u), ms.mean(u))).isLessThan(1e-9);
                assertThat(relative(mm.variance(u), ms.variance(u))).isLessThan(1e-9);
            }
        }
        assertThatThrownBy(() -> TopResult.merge(parts.subList(0, 3))).isInstanceOf(VisorException.class)
                .hasMessageContaining("shards [1] of 4 are missing");
    }

    @Test
    void aRunStoppedHalfwayResumesToTheSameResult() throws IOException {
        Path dir = tmp.resolve("resume");
        Path checkpoint = dir.resolve(TopJob.CHECKPOINT);
        TopSettings s = settings.withCheckpointEvery(10);
        PassListener stopAt55 = new PassListener() {
            @Override
            public void batchDone(int done, int batches) {
                if (done == 55) {
                    throw new IllegalStateException("killed");
                }
            }
        };
        assertThatThrownBy(() -> TopJob.run(model, test, s, stopAt55, checkpoint)).hasMessage("killed");
        assertThat(Files.readString(checkpoint)).contains("\"batches_done\":50");
        int[] resumedAt = new int[1];
        TopResult resumed = TopJob.run(model, test, s, new PassListener() {
            @Override
            public void started(int batches, int done, int images) {
                resumedAt[0] = done;
            }
        }, checkpoint);
        assertThat(resumedAt[0]).isEqualTo(50);
        // Bit-identical: top-k and the moments' doubles too.
        assertThat(resumed.statistics().toJson()).isEqualTo(single.statistics().toJson());
        assertThatThrownBy(() -> TopJob.run(model, test, s.withK(5), PassListener.NONE, checkpoint))
                .isInstanceOf(VisorException.class).hasMessageContaining("another kept");
    }

    @Test
    void peakHeapIsFlatInTheNumberOfImages() {
        heapPeak(1_000);
        int arrays = model.manager().getManagedArrays().size();
        long small = heapPeak(1_000);
        long large = heapPeak(10_000);
        // Native side: no batch leaves an array behind in the model's (long-lived) manager.
        assertThat(model.manager().getManagedArrays()).hasSize(arrays);
        System.out.printf("peak heap after GC: %d bytes (1000 images), %d bytes (10000 images)%n", small, large);
        assertThat((double) large / small).as("peak heap %d vs %d bytes", large, small).isBetween(0.9, 1.1);
    }

    /** The largest heap in use after a GC, sampled every 5 batches (and at the last) of a pass over the first n images. */
    private static long heapPeak(int n) {
        var bean = java.lang.management.ManagementFactory.getMemoryMXBean();
        long[] peak = {0};
        PassListener sample = new PassListener() {
            @Override
            public void batchDone(int done, int batches) {
                if (done % 5 == 0 || done == batches) {
                    System.gc();
                    peak[0] = Math.max(peak[0], bean.getHeapMemoryUsage().getUsed());
                }
            }
        };
        TopJob.run(model, test.head(n), settings, sample);
        return peak[0];
    }

    @Test
    void unitsOutOfRangeNameTheValidRange() {
        assertThatThrownBy(() -> TopJob.run(model, test.head(10), settings.withUnits(List.of(0, 64)), PassListener.NONE))
                .isInstanceOf(VisorException.class).hasMessageContaining("unit 64 is out of range for layer 'bn1'")
                .hasMessageContaining("0-31");
    }

    private static double relative(double a, double b) {
        return Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
    }

    private static List<Path> unitFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("unit_")).sorted().toList();
        }
    }

}
