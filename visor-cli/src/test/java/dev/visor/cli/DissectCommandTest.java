package dev.visor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code visor probe-set synth}, {@code visor dissect} and {@code visor dissect merge} on a few small synthetic images. */
class DissectCommandTest {
    @TempDir
    Path tmp;

    private Path synth(String name, long seed) {
        Path out = tmp.resolve(name);
        CliRun r = CliRun.of("probe-set", "synth", "--out", out.toString(), "--images", "24", "--size", "32", "--seed", "" + seed);
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("24 images of 32×32");
        return out;
    }

    private static String[] dissect(Path probe, Path out, String... more) {
        List<String> a = new ArrayList<>(List.of("dissect", "--model", "builtin:fashion-cnn", "--probe", probe.toString(),
                "--layer", "conv1", "--layer", "bn2", "--quantile", "0.05", "--sketch-k", "200", "--batch-size", "6", "--top", "1",
                "--out", out.toString()));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    @Test
    void synthAndDissectWriteTheirFilesTheSameBytesForTheSameSeedAndShardsMergeExactly() throws IOException {
        Path a = synth("a", 5);
        Path b = synth("b", 5);
        Path c = synth("c", 6);
        assertThat(a.resolve("index.csv")).isRegularFile();
        assertThat(a.resolve("label.csv")).isRegularFile();
        assertThat(a.resolve("images/synth/000023.png")).isRegularFile();
        assertSameFiles(a, b, 30);
        assertThat(Files.readAllBytes(c.resolve("index.csv"))).isNotEqualTo(Files.readAllBytes(a.resolve("index.csv")));

        Path one = tmp.resolve("one");
        CliRun r = CliRun.of(dissect(a, one));
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("conv1: \\d+ detectors of 32 units").containsPattern("bn2: \\d+ detectors of 64 units");
        for (String f : List.of("thresholds.json", "dissect.json", "unique-detectors.png", "conv1/tally.csv", "conv1/index.html",
                "bn2/tally.csv", "bn2/index.html")) {
            assertThat(one.resolve(f)).as(f).isRegularFile();
        }
        // KLL compacts at random (see Thresholds), so pass 2 is what is bit-exact: the same thresholds on the same bytes
        CliRun again = CliRun.of(dissect(b, tmp.resolve("again"), "--thresholds", one.resolve("thresholds.json").toString()));
        assertThat(again.status()).as(again.err()).isZero();
        for (String f : List.of("conv1/tally.csv", "bn2/tally.csv", "conv1/index.html")) {
            assertThat(Files.readAllBytes(tmp.resolve("again").resolve(f))).as(f).isEqualTo(Files.readAllBytes(one.resolve(f)));
        }

        Path t = tmp.resolve("t");
        CliRun pass1 = CliRun.of(dissect(a, t, "--thresholds-only"));
        assertThat(pass1.status()).as(pass1.err()).isZero();
        assertThat(pass1.out()).contains("thresholds of pass 1");
        List<String> shards = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Path s = tmp.resolve("s" + i);
            CliRun sr = CliRun.of(dissect(a, s, "--thresholds", one.resolve("thresholds.json").toString(), "--shard", i + "/3"));
            assertThat(sr.status()).as(sr.err()).isZero();
            assertThat(sr.out()).contains("shard " + i + "/3");
            shards.add(0, s.toString());
        }
        Path merged = tmp.resolve("merged");
        List<String> args = new ArrayList<>(List.of("dissect", "merge"));
        args.addAll(shards);
        args.addAll(List.of("--out", merged.toString()));
        CliRun m = CliRun.of(args.toArray(String[]::new));
        assertThat(m.status()).as(m.err()).isZero();
        assertThat(m.out()).contains("merged 3 shards");
        for (String f : List.of("conv1/tally.csv", "bn2/tally.csv")) {
            assertThat(Files.readString(merged.resolve(f))).as(f).isEqualTo(Files.readString(tmp.resolve("again").resolve(f)));
        }
    }

    private static void assertSameFiles(Path a, Path b, int atLeast) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(a)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(atLeast);
        for (Path f : files) {
            assertThat(Files.readAllBytes(b.resolve(a.relativize(f)))).as(f.toString()).isEqualTo(Files.readAllBytes(f));
        }
    }

    @Test
    void badInputIsOneLineWithExitTwo() throws IOException {
        Path probe = synth("p", 1);
        Path out = tmp.resolve("o");
        assertError(CliRun.of(dissect(tmp.resolve("none"), out)), "probe set folder not found");
        Path corrupt = synth("corrupt", 1);
        List<String> rows = new ArrayList<>(Files.readAllLines(corrupt.resolve("index.csv")));
        rows.set(3, rows.get(3).replace(",train,32,32,", ",train,32,thirty,"));
        Files.write(corrupt.resolve("index.csv"), rows);
        assertError(CliRun.of(dissect(corrupt, out)), "index.csv line 4", "'thirty' is not an integer");
        assertError(CliRun.of(dissect(probe, out, "--layer", "conv9")), "unknown layer 'conv9'");
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        assertError(CliRun.of(dissect(probe, file.resolve("sub"))), "cannot write to output folder");
        assertError(CliRun.of("probe-set", "synth", "--out", file.resolve("sub").toString(), "--images", "2"),
                "cannot write to output folder");
        assertError(CliRun.of("probe-set", "synth", "--out", out.toString(), "--size", "8"), "--size must be in 16..1024");
        assertError(CliRun.of(dissect(probe, out, "--iou", "1.5")), "--iou must be in [0, 1)");
        assertError(CliRun.of(dissect(probe, out, "--shard", "1/2")), "--thresholds-only");
        assertError(CliRun.of("dissect", "merge", tmp.resolve("nothing").toString(), "--out", out.toString()), "nothing");
    }

    private static void assertError(CliRun r, String... fragments) {
        assertThat(r.status()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.errLines()).as(r.err()).hasSize(1);
        assertThat(r.errLines().get(0)).contains(fragments);
    }
}
