package dev.visor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.visor.report.Sidecar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8, must-show 1: {@code render-layer} over 16 units gives byte-identical PNGs and the same sidecar
 * numbers whether it runs in one process, as two shards, or killed with SIGKILL in the middle and rerun.
 */
class RenderLayerShardTest {
    private static final int UNITS = 16;
    /** Enough steps that a batch takes a noticeable time, so the kill lands between batches. */
    private static final String STEPS = "40";

    @TempDir
    static Path tmp;

    static Path whole;

    private static List<String> args(Path out, String shard) {
        return new ArrayList<>(List.of("render-layer", "--model", "builtin:fashion-cnn", "--preset", "small", "--layer", "bn2",
                "--units", "0-" + (UNITS - 1), "--batch", "4", "--shard", shard, "--steps", STEPS, "--seed", "11", "--quiet",
                "--out", out.toString()));
    }

    @BeforeAll
    static void renderWholeLayerInOneProcess() {
        whole = tmp.resolve("whole");
        CliRun r = CliRun.of(args(whole, "0/1").toArray(String[]::new));
        assertThat(r.status()).as(r.err()).isEqualTo(0);
        assertThat(pngs(whole)).hasSize(UNITS);
    }

    @Test
    void twoShardsWriteTheSameFilesAsOneProcess() throws IOException {
        Path sharded = tmp.resolve("sharded");
        CliRun a = CliRun.of(args(sharded, "0/2").toArray(String[]::new));
        assertThat(a.status()).as(a.err()).isEqualTo(0);
        // Batches of 4 cut from the whole list, every second batch: units 0-3 and 8-11.
        assertThat(pngs(sharded)).containsExactly(0, 1, 2, 3, 8, 9, 10, 11);
        CliRun b = CliRun.of(args(sharded, "1/2").toArray(String[]::new));
        assertThat(b.status()).as(b.err()).isEqualTo(0);
        assertSameAsWhole(sharded);
    }

    @Test
    void aRunKilledInTheMiddleAndRerunWritesTheSameFiles() throws Exception {
        Path killed = tmp.resolve("killed");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dai.djl.offline=true", VisorCli.class.getName()));
        cmd.addAll(args(killed, "0/1"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("killed.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (pngs(killed).size() < 4 && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        p.destroyForcibly(); // SIGKILL: no shutdown hooks, nothing flushed
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        int atKill = pngs(killed).size();
        assertThat(atKill).as("units written when killed (log: %s)", Files.readString(tmp.resolve("killed.log")))
                .isBetween(4, UNITS - 4);
        CliRun rerun = CliRun.of(args(killed, "0/1").toArray(String[]::new));
        assertThat(rerun.status()).as(rerun.err()).isEqualTo(0);
        assertThat(rerun.out()).contains("already written");
        assertSameAsWhole(killed);
        try (Stream<Path> s = Files.list(killed)) {
            assertThat(s.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".tmp"))).isEmpty();
        }
    }

    private static void assertSameAsWhole(Path dir) throws IOException {
        assertThat(pngs(dir)).hasSize(UNITS);
        for (int u = 0; u < UNITS; u++) {
            String name = String.format("bn2_%04d", u);
            assertThat(Files.readAllBytes(dir.resolve(name + ".png"))).as("unit %d PNG", u)
                    .isEqualTo(Files.readAllBytes(whole.resolve(name + ".png")));
            assertThat(numbers(dir.resolve(name + ".json"))).as("unit %d sidecar", u).isEqualTo(numbers(whole.resolve(name + ".json")));
        }
    }

    /** The sidecar without its timing (the only field allowed to differ). */
    private static Map<String, Object> numbers(Path sidecar) {
        Map<String, Object> m = new TreeMap<>(Sidecar.read(sidecar));
        assertThat(m).containsKeys("activation_start", "activation_end", "objective_final", "seed", "batch_units");
        m.remove("seconds");
        return m;
    }

    private static List<Integer> pngs(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.matches("bn2_\\d{4}\\.png"))
                    .map(n -> Integer.parseInt(n.substring(4, 8))).sorted().toList();
        } catch (IOException e) {
            return List.of(); // the folder changes while it is listed
        }
    }

}
