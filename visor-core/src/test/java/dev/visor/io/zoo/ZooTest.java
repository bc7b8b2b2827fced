package dev.visor.io.zoo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.visor.VisorException;
import dev.visor.io.ModelLoader;
import dev.visor.io.keras.TestPaths;
import dev.visor.model.Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The zoo fetches from a local mirror (no network in tests) into a cache, verifying every file. */
class ZooTest {
    @TempDir
    Path tmp;

    private static final ZooModel DARKNET = ZooModels.find("darknet-tiny");

    private ZooSettings sharedMirror() {
        return new ZooSettings(tmp.resolve("cache"), TestPaths.shared().resolve("models").toString());
    }

    /** A writable copy of the shared mirror. */
    private Path copyMirror() throws IOException {
        Path mirror = tmp.resolve("mirror");
        Path dir = Files.createDirectories(mirror.resolve("darknet-tiny"));
        for (ZooFile f : DARKNET.files()) {
            Files.copy(TestPaths.shared().resolve("models/darknet-tiny").resolve(f.path()), dir.resolve(f.path()));
        }
        return mirror;
    }

    private static long partFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".part")).count();
        }
    }

    @Test
    void digestsOfTheEntryMatchTheSharedCopy() {
        for (ZooFile f : DARKNET.files()) {
            assertThat(ZooFetcher.sha256(TestPaths.shared().resolve("models/darknet-tiny").resolve(f.path())))
                    .as(f.path()).isEqualTo(f.sha256());
        }
        assertThat(DARKNET.files()).hasSize(33);
        assertThat(DARKNET.files().stream().filter(ZooFile::optional).map(ZooFile::path)).containsExactly("labels.txt");
    }

    @Test
    void withoutMirrorFilesComeFromThePublicHome() {
        ZooFetcher f = new ZooFetcher(new ZooSettings(tmp, null));
        assertThat(f.location(DARKNET, DARKNET.files().get(0))).isEqualTo(
                "https://raw.githubusercontent.com/ml5js/ml5-data-and-models/main/models/darknetclassifier/darknettiny/model.json");
        ZooFetcher u = new ZooFetcher(new ZooSettings(tmp, "https://example.org/zoo"));
        assertThat(u.location(DARKNET, DARKNET.files().get(0))).isEqualTo("https://example.org/zoo/darknet-tiny/model.json");
    }

    @Test
    void fetchesIntoTheCacheOnceAndLoads() throws IOException {
        ZooSettings s = sharedMirror();
        Path dir = new ZooFetcher(s).fetch(DARKNET);
        assertThat(dir).isEqualTo(tmp.resolve("cache/darknet-tiny"));
        for (ZooFile f : DARKNET.files()) {
            assertThat(ZooFetcher.sha256(dir.resolve(f.path()))).isEqualTo(f.sha256());
        }
        Path json = dir.resolve("model.json");
        FileTime old = FileTime.fromMillis(1_000_000L);
        Files.setLastModifiedTime(json, old);
        try (Model m = ZooFormat.load("zoo:darknet-tiny", s)) {
            assertThat(m.labels()).hasSize(1000);
            assertThat(m.layerNames()).contains("conv2d_16");
        }
        assertThat(Files.getLastModifiedTime(json)).as("a verified cached file is not fetched again").isEqualTo(old);
        assertThat(partFiles(dir)).isZero();
    }

    @Test
    void corruptedMirrorFileIsRejectedAndNotCached() throws IOException {
        Path mirror = copyMirror();
        Path bad = mirror.resolve("darknet-tiny/group5-shard1of1");
        byte[] b = Files.readAllBytes(bad);
        b[100] ^= 1;
        Files.write(bad, b);
        ZooSettings s = new ZooSettings(tmp.resolve("cache"), mirror.toString());
        String expected = DARKNET.files().stream().filter(f -> f.path().equals("group5-shard1of1")).findFirst().orElseThrow().sha256();
        assertThatThrownBy(() -> new ZooFetcher(s).fetch(DARKNET)).isInstanceOf(VisorException.class)
                .hasMessageContaining("file group5-shard1of1").hasMessageContaining("has SHA-256 " + ZooFetcher.sha256(bad))
                .hasMessageContaining("expects " + expected).hasMessageNotContaining("\n");
        Path cache = tmp.resolve("cache/darknet-tiny");
        assertThat(cache.resolve("group5-shard1of1")).doesNotExist();
        assertThat(partFiles(cache)).isZero();
    }

    @Test
    void corruptedCacheFileIsFetchedAgain() throws IOException {
        ZooSettings s = sharedMirror();
        Path dir = new ZooFetcher(s).fetch(DARKNET);
        Files.writeString(dir.resolve("group3-shard1of1"), "truncated");
        new ZooFetcher(s).fetch(DARKNET);
        assertThat(ZooFetcher.sha256(dir.resolve("group3-shard1of1"))).isEqualTo(DARKNET.files().get(3).sha256());
    }

    @Test
    void optionalFileMayBeAbsentButRequiredMayNot() throws IOException {
        Path mirror = copyMirror();
        Files.delete(mirror.resolve("darknet-tiny/labels.txt"));
        String fileUrl = mirror.toUri().toString();
        Path dir = new ZooFetcher(new ZooSettings(tmp.resolve("cache"), fileUrl)).fetch(DARKNET);
        assertThat(dir.resolve("labels.txt")).doesNotExist();
        assertThat(dir.resolve("model.json")).exists();
        Files.delete(mirror.resolve("darknet-tiny/group7-shard1of1"));
        assertThatThrownBy(() -> new ZooFetcher(new ZooSettings(tmp.resolve("cache2"), fileUrl)).fetch(DARKNET))
                .isInstanceOf(VisorException.class).hasMessageContaining("file group7-shard1of1 not found at");
    }

    @Test
    void modelLoaderReadsZooNamesWithTheMirrorProperty() {
        System.setProperty("visor.zoo.mirror", TestPaths.shared().resolve("models").toString());
        System.setProperty("visor.cache", tmp.toString());
        try (Model m = ModelLoader.load("zoo:darknet-tiny")) {
            assertThat(m.source()).startsWith(tmp.resolve("zoo/darknet-tiny").toString());
            assertThat(m.inputSpec().height()).isEqualTo(224);
        } finally {
            System.clearProperty("visor.zoo.mirror");
            System.clearProperty("visor.cache");
        }
        assertThatThrownBy(() -> ModelLoader.load("zoo:resnet-9000")).isInstanceOf(VisorException.class)
                .hasMessage("unknown zoo model 'resnet-9000'; the zoo has: darknet-tiny");
    }
}
