package dev.visor.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.visor.VisorException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The download code, against local mirrors (no network in tests). */
class DownloadTest {
    @TempDir
    Path tmp;

    @Test
    void downloadsFromAMirrorAndVerifiesEveryFile() throws IOException {
        Path mirror = tmp.resolve("mirror");
        Files.createDirectories(mirror);
        for (FashionMnist.DataFile f : FashionMnist.files()) {
            Files.copy(FashionMnist.DEBIAN_DIR.resolve(f.name()), mirror.resolve(f.name()));
        }
        Path target = tmp.resolve("data");
        FashionMnist.download(mirror.toUri(), target);
        for (FashionMnist.DataFile f : FashionMnist.files()) {
            assertThat(Files.mismatch(target.resolve(f.name()), mirror.resolve(f.name()))).isEqualTo(-1L);
        }
        assertThat(Files.list(target).map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
        assertThat(FashionMnist.open(target, Split.TEST).size()).isEqualTo(10000);
        // A second call finds verified files and fetches nothing (the mirror may be gone).
        for (FashionMnist.DataFile f : FashionMnist.files()) {
            Files.delete(mirror.resolve(f.name()));
        }
        FashionMnist.download(mirror.toUri(), target);
    }

    @Test
    void wrongContentIsRejectedAndNotKept() throws IOException {
        Path mirror = tmp.resolve("bad-mirror");
        Files.createDirectories(mirror);
        for (FashionMnist.DataFile f : FashionMnist.files()) {
            Files.copy(FashionMnist.DEBIAN_DIR.resolve(f.name()), mirror.resolve(f.name()));
        }
        // The mirror serves the test labels under the training labels' name.
        Files.copy(FashionMnist.DEBIAN_DIR.resolve("t10k-labels-idx1-ubyte.gz"), mirror.resolve("train-labels-idx1-ubyte.gz"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path target = tmp.resolve("data");
        assertThatThrownBy(() -> FashionMnist.download(mirror.toUri(), target)).isInstanceOf(VisorException.class)
                .hasMessageContaining("checksum mismatch").hasMessageContaining("train-labels-idx1-ubyte.gz")
                .hasMessageContaining(FashionMnist.TRAIN_LABELS.sha256());
        assertThat(target.resolve("train-labels-idx1-ubyte.gz")).doesNotExist();
        assertThat(target.resolve("train-labels-idx1-ubyte.gz.part")).doesNotExist();
    }

    @Test
    void missingFileIsAClearError() {
        Path empty = tmp.resolve("empty");
        assertThatThrownBy(() -> FashionMnist.download(empty.toUri(), tmp.resolve("d"))).isInstanceOf(VisorException.class)
                .hasMessageContaining("cannot download").hasMessageContaining("train-images-idx3-ubyte.gz");
    }

    @Test
    void digestsAreOfTheUncompressedContent() throws IOException {
        Path raw = tmp.resolve("t10k-labels-idx1-ubyte");
        Files.write(raw, IdxFileTest.gunzip(FashionMnist.DEBIAN_DIR.resolve("t10k-labels-idx1-ubyte.gz")));
        assertThat(Download.contentSha256(raw)).isEqualTo(FashionMnist.TEST_LABELS.sha256());
    }
}
