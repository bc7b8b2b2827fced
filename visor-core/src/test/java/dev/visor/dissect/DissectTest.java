package dev.visor.dissect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.visor.job.Shard;
import dev.visor.model.Model;
import dev.visor.stats.PassListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Must-shows 1 (planted detectors) and 4 (exact merges and resume) on the synthetic probe set; its determinism. */
class DissectTest {
    @TempDir
    Path tmp;

    /** The fraction of all mask pixels that carry a concept, counted through the reader (whole-image labels: every pixel). */
    static double coverage(ProbeSet p, String category, String name) {
        int label = p.labels().values().stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow().number();
        long on = 0;
        long all = 0;
        for (int i = 0; i < p.size(); i++) {
            ProbeMasks m = p.masks(i);
            int px = m.height() * m.width();
            all += px;
            for (ProbeMasks.Layer l : m.layers()) {
                if (l.category().equals(category)) {
                    for (int v : l.labels()) {
                        on += v == label ? 1 : 0;
                    }
                }
            }
            int[] whole = m.whole().getOrDefault(category, new int[0]);
            on += java.util.Arrays.stream(whole).anyMatch(v -> v == label) ? px : 0;
        }
        return (double) on / all;
    }

    @Test
    void plantedUnitsGetTheirConcepts() {
        Path dir = SynthProbeSet.write(SynthSettings.defaults().withImages(300).withSize(64).withSeed(7), tmp.resolve("synth"));
        ProbeSet probe = ProbeSet.open(dir);
        double red = coverage(probe, "color", "red-c");
        double blue = coverage(probe, "color", "blue-c");
        double stripes = coverage(probe, "texture", "stripes-horizontal");
        // A unit's mask covers the top-q fraction of all pixels, so IoU <= min(q, f)/max(q, f) for a concept covering f.
        // q is one number per dissection, so each layer is dissected at a q between its concepts' coverages (their
        // geometric mean), where a perfect detector of each passes 0.5; the paper's 0.005 suits Broden's small concepts.
        double qColour = Math.sqrt(red * blue);
        System.out.printf("coverage red %.4f, blue %.4f, stripes-horizontal %.4f%n", red, blue, stripes);
        try (Model m = PlantedNets.planted(64)) {
            DissectSettings s = DissectSettings.defaults().withSketchK(2000);
            long t0 = System.nanoTime();
            DissectResult rc = DissectJob.run(m, probe, s.withLayers("colour").withQuantile(qColour), PassListener.NONE, null);
            DissectResult rs = DissectJob.run(m, probe, s.withLayers("stripes").withQuantile(stripes), PassListener.NONE, null);
            System.out.printf("dissected 300 images, 2 layers: %.1f s%n", (System.nanoTime() - t0) / 1e9);
            List<DissectResult.UnitLabel> colour = rc.labels("colour");
            List<DissectResult.UnitLabel> stripe = rs.labels("stripes");
            colour.forEach(l -> System.out.println("colour unit " + l.unit() + ": " + l.label()));
            stripe.forEach(l -> System.out.println("stripes unit " + l.unit() + ": " + l.label()));
            assertThat(colour.get(0).label().concept()).isEqualTo("red-c");
            assertThat(colour.get(0).label().iou()).isGreaterThan(0.5);
            assertThat(colour.get(1).label().concept()).isEqualTo("blue-c");
            assertThat(colour.get(1).label().iou()).isGreaterThan(0.5);
            assertThat(stripe.get(0).label().concept()).isEqualTo("stripes-horizontal");
            assertThat(stripe.get(0).label().iou()).isGreaterThan(0.5);
            assertThat(colour.get(2).detector()).isFalse();
            assertThat(colour.get(2).label().iou()).isZero();
            assertThat(rc.summary("colour").detectors()).isEqualTo(2);
        }
    }

    @Test
    void fourMergedShardsAndAResumedRunEqualOnePass() {
        Path dir = SynthProbeSet.write(SynthSettings.defaults().withImages(80).withSize(32).withSeed(3), tmp.resolve("synth"));
        ProbeSet probe = ProbeSet.open(dir);
        try (Model m = PlantedNets.planted(32)) {
            DissectSettings s = DissectSettings.defaults().withLayers("colour", "stripes").withQuantile(0.05).withBatchSize(8)
                    .withSketchK(200).withCheckpointEvery(1);
            Thresholds t = DissectJob.thresholds(m, probe, s, PassListener.NONE, null);
            t.write(tmp);
            Thresholds read = Thresholds.read(tmp);
            assertThat(read.digest()).isEqualTo(t.digest());
            DissectResult one = DissectJob.tally(m, probe, s, read, PassListener.NONE, null);
            List<DissectResult> parts = new ArrayList<>();
            for (int i = 3; i >= 0; i--) {
                DissectResult p = DissectJob.tally(m, probe, s.withShard(new Shard(i, 4)), read, PassListener.NONE, null);
                p.write(tmp.resolve("shard" + i));
                parts.add(DissectResult.read(tmp.resolve("shard" + i)));
            }
            DissectResult merged = DissectResult.merge(parts);
            assertThat(merged.statistics().toJson()).isEqualTo(one.statistics().toJson());
            assertThat(merged.labels("colour")).isEqualTo(one.labels("colour"));
            assertThat(merged.tally("colour").images()).isEqualTo(80);
            List<Path> report = DissectWriter.write(merged, probe, m, tmp.resolve("report"));
            assertThat(report).allMatch(Files::isRegularFile);
            try {
                assertThat(Files.readAllLines(tmp.resolve("report/colour/tally.csv")).get(0))
                        .startsWith("unit,category,label,score,color-label,color-truth,color-activation,color-intersect,color-iou");
                assertThat(Files.readString(tmp.resolve("report/stripes/index.html"))).contains("unit_0000.png");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            assertThat(tmp.resolve("report/unique-detectors.png")).isRegularFile();

            // killed after 5 of 10 batches, then rerun with the same checkpoint
            Path ck = tmp.resolve("resume/tally.checkpoint.json");
            PassListener kill = new PassListener() {
                @Override
                public void batchDone(int done, int batches) {
                    if (done == batches / 2) {
                        throw new IllegalStateException("killed");
                    }
                }
            };
            try {
                DissectJob.tally(m, probe, s, read, kill, ck);
            } catch (IllegalStateException expected) {
                // the checkpoint holds half the batches
            }
            int[] resumedFrom = new int[1];
            DissectResult resumed = DissectJob.tally(m, probe, s, read, new PassListener() {
                @Override
                public void started(int batches, int done, int images) {
                    resumedFrom[0] = done;
                }
            }, ck);
            assertThat(resumedFrom[0]).isEqualTo(5);
            assertThat(resumed.statistics().toJson()).isEqualTo(one.statistics().toJson());
        }
    }

    @Test
    void theSameSeedWritesTheSameBytesAndMasksMatchThePixels() throws IOException {
        SynthSettings s = SynthSettings.defaults().withImages(12).withSize(32).withSeed(11);
        Path a = SynthProbeSet.write(s, tmp.resolve("a"));
        Path b = SynthProbeSet.write(s, tmp.resolve("b"));
        Path c = SynthProbeSet.write(s.withSeed(12), tmp.resolve("c"));
        List<Path> files;
        try (Stream<Path> w = Files.walk(a)) {
            files = w.filter(Files::isRegularFile).map(a::relativize).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThan(12 * 2);
        boolean differs = false;
        for (Path f : files) {
            assertThat(Files.readAllBytes(b.resolve(f))).as(f.toString()).isEqualTo(Files.readAllBytes(a.resolve(f)));
            differs |= !Files.exists(c.resolve(f)) || !java.util.Arrays.equals(Files.readAllBytes(c.resolve(f)), Files.readAllBytes(a.resolve(f)));
        }
        assertThat(differs).isTrue();
        // every pixel's colour label names the term whose prototype is nearest to the pixel
        ProbeSet p = ProbeSet.open(a);
        Map<Integer, ProbeLabel> labels = p.labels();
        for (int i = 0; i < p.size(); i++) {
            java.awt.image.BufferedImage img = dev.visor.data.Images.read(a.resolve("images").resolve(p.entries().get(i).image()));
            ProbeMasks m = p.masks(i);
            int[] colour = m.layers().stream().filter(l -> l.category().equals("color")).findFirst().orElseThrow().labels();
            for (int px = 0; px < colour.length; px++) {
                int rgb = img.getRGB(px % 32, px / 32);
                String nearest = null;
                double best = Double.MAX_VALUE;
                for (SynthConcepts.ColourTerm t : SynthConcepts.COLOURS) {
                    double d = Math.pow(((rgb >> 16) & 255) - t.r(), 2) + Math.pow(((rgb >> 8) & 255) - t.g(), 2)
                            + Math.pow((rgb & 255) - t.b(), 2);
                    if (d < best) {
                        best = d;
                        nearest = t.name() + "-c";
                    }
                }
                assertThat(labels.get(colour[px]).name()).isEqualTo(nearest);
            }
        }
    }
}
