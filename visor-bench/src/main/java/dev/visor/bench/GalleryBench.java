package dev.visor.bench;

import dev.visor.data.Images;
import dev.visor.report.Sidecar;
import dev.visor.report.gallery.GalleryJob;
import dev.visor.report.gallery.GalleryResult;
import dev.visor.report.gallery.GallerySettings;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Build time and size of the static gallery ({@link GalleryJob}) for one layer of N units, each with a render
 * (as {@code render-layer} writes it) and a top-k montage (as {@code top} writes it), against copying the same run
 * directory file by file (the gallery copies every image, so a copy is its floor).
 */
@Command(name = "gallery", mixinStandardHelpOptions = true, description = "gallery build time and size for an N-unit layer vs copying its run.")
public final class GalleryBench implements Callable<Integer> {
    @Option(names = "--units", defaultValue = "256", description = "units in the layer (default ${DEFAULT-VALUE})")
    int units;

    @Option(names = "--px", defaultValue = "128", description = "render side in pixels (default ${DEFAULT-VALUE})")
    int px;

    @Option(names = "--runs", defaultValue = "3", description = "measured builds (median; default ${DEFAULT-VALUE})")
    int runs;

    @Override
    public Integer call() throws IOException {
        Path tmp = Files.createTempDirectory("visor-bench-gallery");
        try {
            Path run = tmp.resolve("run");
            plant(run);
            long runBytes = bytes(run);
            int[] n = {0};
            GalleryResult[] last = new GalleryResult[1];
            double[] ms = Timing.interleavedMedianMs(1, runs, () -> copyTree(run, tmp.resolve("copy" + n[0]++)),
                    () -> last[0] = GalleryJob.run(GallerySettings.of(List.of(run), tmp.resolve("site" + n[0]++)), w -> { }));
            double copy = ms[0];
            double build = ms[1];
            GalleryResult r = last[0];
            long layerPage = Files.size(r.index().getParent().resolve("bench-model/conv9/index.html"));
            BenchTable t = new BenchTable("units", "run files", "run MB", "copy ms", "gallery ms", "gallery / copy", "ms / unit page",
                    "site MB", "site / run", "layer page KB");
            t.row(units, units * 4, runBytes / 1e6, copy, build, build / copy, build / r.units(), r.bytes() / 1e6,
                    (double) r.bytes() / runBytes, layerPage / 1e3);
            System.out.println("one layer of " + units + " units, each a " + px + " px render and a 3×3 top-k montage of 96 px cells"
                    + " (PNG + JSON sidecar each); median of " + runs + " after a warm-up, copy and build in turn, each into a fresh folder");
            System.out.print(t.render());
        } finally {
            try (Stream<Path> s = Files.walk(tmp)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return 0;
    }

    /** Writes the run: per unit a noise render and a montage, each with the sidecar fields its command writes. */
    private void plant(Path run) {
        Random rnd = new Random(7);
        for (int u = 0; u < units; u++) {
            String stem = String.format("conv9_%04d", u);
            Images.writePng(noise(px, px, rnd), run.resolve("render/" + stem + ".png"));
            Map<String, Object> side = new LinkedHashMap<>();
            side.put("image", stem + ".png");
            side.put("model", "bench-model");
            side.put("objective", "conv9:" + u);
            side.put("activation_start", 0.1);
            side.put("activation_end", 2.5);
            side.put("objective_final", 2.4);
            side.put("seed", 1234L + u);
            side.put("steps_run", 512);
            side.put("seconds", 3.2);
            side.put("settings", Map.of("preset", "fourier", "steps", 512, "learningRate", 0.05, "jitter", 16, "size", px));
            side.put("layer", "conv9");
            Sidecar.write(run.resolve("render/" + stem + ".json"), side);
            String top = String.format("unit_%04d", u);
            Images.writePng(noise(3 * 96 + 8, 3 * 96 + 8, rnd), run.resolve("top/conv9/" + top + ".png"));
            List<Map<String, Object>> ex = new ArrayList<>();
            for (int k = 0; k < 9; k++) {
                ex.add(Map.of("image", k * 37 + u, "label", "class " + k, "y", 3, "x", 4, "value", 9.0 - k));
            }
            Map<String, Object> ts = new LinkedHashMap<>();
            ts.put("image", top + ".png");
            ts.put("model", "bench-model");
            ts.put("data", "bench-data");
            ts.put("layer", "conv9");
            ts.put("unit", u);
            ts.put("examples", ex);
            ts.put("images_seen", 10000);
            ts.put("min", 0.0);
            ts.put("max", 9.0);
            ts.put("settings", Map.of("k", 9, "patches", false));
            Sidecar.write(run.resolve("top/conv9/" + top + ".json"), ts);
        }
    }

    private static BufferedImage noise(int w, int h, Random rnd) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, rnd.nextInt(0x1000000));
            }
        }
        return img;
    }

    private static void copyTree(Path from, Path to) {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long bytes(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
