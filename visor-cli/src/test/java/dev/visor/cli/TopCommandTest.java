package dev.visor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code visor top} and {@code visor top merge} on the first Fashion-MNIST test images. */
class TopCommandTest {
    @TempDir
    Path tmp;

    private static String[] top(Path out, String... more) {
        List<String> a = new ArrayList<>(List.of("top", "--model", "builtin:fashion-cnn", "--data", "fashion-mnist",
                "--limit", "3000", "--layer", "bn2", "--layer", "fc1", "--units", "0-5", "--batch-size", "100", "--out", out.toString()));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    @Test
    void twoShardsMergedAndAKilledRunResumedEqualOneRun() throws Exception {
        Path single = tmp.resolve("single");
        CliRun r = CliRun.of(top(single));
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("12 montages of 9 images each");
        assertThat(single.resolve("bn2/unit_0005.png")).isRegularFile();
        assertThat(Files.readString(single.resolve("bn2/unit_0005.json"))).contains("\"examples\"", "\"label\"", "\"y\"");
        // Not a terminal: a few plain progress lines, no bar frames.
        // The CLI's one progress display on stderr: 0 %, 25 %, 50 %, 75 %, then a done line.
        assertThat(r.err().lines().filter(l -> l.startsWith("top ") && l.contains("%")).count()).isEqualTo(4);
        assertThat(r.err().lines().filter(l -> l.startsWith("top ") && l.contains(": done ("))).hasSize(1);
        assertThat(r.out() + r.err()).doesNotContain("\r");

        for (int i = 0; i < 2; i++) {
            assertThat(CliRun.of(top(tmp.resolve("s" + i), "--shard", i + "/2")).status()).isZero();
        }
        Path merged = tmp.resolve("merged");
        CliRun m = CliRun.of("top", "merge", tmp.resolve("s1").toString(), tmp.resolve("s0").toString(), "--out", merged.toString());
        assertThat(m.status()).as(m.err()).isZero();
        assertSameUnitFiles(single, merged);

        // A real kill -9 in the middle of a run in another JVM, then a rerun that resumes from the checkpoint.
        Path killed = tmp.resolve("killed");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), VisorCli.class.getName()));
        cmd.addAll(List.of(top(killed, "--checkpoint-every", "3")));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("killed.log").toFile()).start();
        Path checkpoint = killed.resolve("top.checkpoint.json");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && p.isAlive() && !(Files.isRegularFile(checkpoint)
                && Files.readString(checkpoint).matches("(?s).*\"batches_done\":(1[2-9]|2\\d).*"))) {
            Thread.sleep(20);
        }
        assertThat(p.isAlive()).as("the run should still be going when killed; log: %s", Files.readString(tmp.resolve("killed.log"))).isTrue();
        p.destroyForcibly().waitFor();
        assertThat(p.exitValue()).isEqualTo(137);
        CliRun resumed = CliRun.of(top(killed, "--checkpoint-every", "3"));
        assertThat(resumed.status()).as(resumed.err()).isZero();
        assertThat(resumed.out()).containsPattern("resuming after batch (1[2-9]|2\\d)");
        assertSameUnitFiles(single, killed);
    }

    private static void assertSameUnitFiles(Path a, Path b) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(a)) {
            files = s.filter(f -> f.getFileName().toString().startsWith("unit_")).sorted().toList();
        }
        assertThat(files).hasSize(2 * 6 * 2);
        for (Path f : files) {
            assertThat(Files.readAllBytes(b.resolve(a.relativize(f)))).as(f.toString()).isEqualTo(Files.readAllBytes(f));
        }
    }

    @Test
    void badInputIsOneLineWithExitTwo() throws IOException {
        Path out = tmp.resolve("o");
        assertError(CliRun.of(top(out, "--layer", "bn9")), "unknown layer 'bn9'");
        assertError(CliRun.of("top", "--model", "builtin:fashion-cnn", "--layer", "bn2", "--units", "60-70", "--limit", "10",
                "--out", out.toString()), "unit 64 is out of range for layer 'bn2'", "0-63");
        assertError(CliRun.of(top(out, "--shard", "2/2")), "0 <= I < N");
        assertError(CliRun.of(top(out, "--k", "0")), "k must be in 1..1000");
        assertError(CliRun.of("top", "--model", "builtin:fashion-cnn", "--out", out.toString()), "at least one --layer");
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        assertError(CliRun.of(top(file.resolve("sub"))), "cannot write to output folder");
        assertError(CliRun.of("top", "merge", tmp.resolve("nothing").toString(), "--out", out.toString()), "no top.json in");
    }

    private static void assertError(CliRun r, String... fragments) {
        assertThat(r.status()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.errLines().get(0)).contains(fragments);
    }
}
