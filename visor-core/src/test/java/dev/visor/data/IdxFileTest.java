package dev.visor.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.visor.VisorException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxFileTest {
    static final Path FMNIST = FashionMnist.DEBIAN_DIR;

    @TempDir
    Path tmp;

    @Test
    void fashionMnistHeadersAreByteExact() throws IOException {
        // Independent truth: the big-endian header words, read straight from the decompressed bytes.
        int[] trainHeader = header(FMNIST.resolve("train-images-idx3-ubyte.gz"), 4);
        assertThat(trainHeader).containsExactly(0x00000803, 60000, 28, 28);
        assertThat(header(FMNIST.resolve("t10k-images-idx3-ubyte.gz"), 4)).containsExactly(0x00000803, 10000, 28, 28);
        assertThat(header(FMNIST.resolve("train-labels-idx1-ubyte.gz"), 2)).containsExactly(0x00000801, 60000);
        assertThat(header(FMNIST.resolve("t10k-labels-idx1-ubyte.gz"), 2)).containsExactly(0x00000801, 10000);

        IdxFile test = IdxFile.read(FMNIST.resolve("t10k-images-idx3-ubyte.gz"));
        assertThat(test.dims()).containsExactly(10000, 28, 28);
        assertThat(test.data()).hasSize(10000 * 28 * 28);
        IdxFile train = IdxFile.read(FMNIST.resolve("train-images-idx3-ubyte.gz"));
        assertThat(train.dims()).containsExactly(60000, 28, 28);
        assertThat(train.data()).hasSize(60000 * 28 * 28);
        assertThat(IdxFile.read(FMNIST.resolve("train-labels-idx1-ubyte.gz")).dims()).containsExactly(60000);
    }

    @Test
    void testLabelsHave1000PerClass() {
        IdxDataset test = FashionMnist.open(FMNIST, Split.TEST);
        int[] hist = new int[10];
        for (int i = 0; i < test.size(); i++) {
            hist[test.label(i)]++;
        }
        assertThat(hist).containsOnly(1000);
        assertThat(test.classNames()).hasSize(10).startsWith("T-shirt/top").endsWith("Ankle boot");
    }

    @Test
    void plainAndGzippedFilesReadTheSame() throws IOException {
        Path gz = FMNIST.resolve("t10k-labels-idx1-ubyte.gz");
        Path raw = tmp.resolve("t10k-labels-idx1-ubyte");
        Files.write(raw, gunzip(gz));
        assertThat(IdxFile.read(raw)).isEqualTo(IdxFile.read(gz));
    }

    @Test
    void truncatedFileNamesFileAndByteOffset() throws IOException {
        byte[] all = gunzip(FMNIST.resolve("t10k-labels-idx1-ubyte.gz"));
        Path cut = tmp.resolve("cut-labels-idx1-ubyte");
        Files.write(cut, Arrays.copyOf(all, 5008));
        assertThatThrownBy(() -> IdxFile.read(cut)).isInstanceOf(VisorException.class)
                .hasMessageContaining(cut.toString()).hasMessageContaining("byte offset 5008").hasMessageContaining("10008");
        Path headerOnly = tmp.resolve("short-header");
        Files.write(headerOnly, Arrays.copyOf(all, 6));
        assertThatThrownBy(() -> IdxFile.read(headerOnly)).isInstanceOf(VisorException.class)
                .hasMessageContaining("byte offset 6").hasMessageContaining("dimension sizes");
    }

    @Test
    void truncatedGzipNamesFileAndOffsets() throws IOException {
        byte[] gz = Files.readAllBytes(FMNIST.resolve("t10k-images-idx3-ubyte.gz"));
        Path cut = tmp.resolve("cut-images.gz");
        Files.write(cut, Arrays.copyOf(gz, gz.length / 2));
        assertThatThrownBy(() -> IdxFile.read(cut)).isInstanceOf(VisorException.class)
                .hasMessageContaining(cut.toString()).hasMessageContaining("byte offset")
                .hasMessageContaining("compressed byte offset");
    }

    @Test
    void corruptGzipAndBadMagicAreClearErrors() throws IOException {
        byte[] gz = Files.readAllBytes(FMNIST.resolve("t10k-labels-idx1-ubyte.gz"));
        for (int i = 100; i < 400; i++) {
            gz[i] ^= (byte) 0x5a;
        }
        Path bad = tmp.resolve("bad.gz");
        Files.write(bad, gz);
        assertThatThrownBy(() -> IdxFile.read(bad)).isInstanceOf(VisorException.class).hasMessageContaining(bad.toString());

        Path png = tmp.resolve("not-idx");
        Files.write(png, new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 0});
        assertThatThrownBy(() -> IdxFile.read(png)).isInstanceOf(VisorException.class)
                .hasMessageContaining("not an IDX file").hasMessageContaining("byte offset 0");

        Path floats = tmp.resolve("floats.gz");
        try (GZIPOutputStream out = new GZIPOutputStream(Files.newOutputStream(floats))) {
            out.write(new byte[] {0, 0, 0x0d, 1, 0, 0, 0, 1, 0, 0, 0, 0});
        }
        assertThatThrownBy(() -> IdxFile.read(floats)).isInstanceOf(VisorException.class)
                .hasMessageContaining("0xd").hasMessageContaining("byte offset 2");
    }

    private static int[] header(Path gz, int words) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Arrays.copyOf(gunzip(gz), 4 * words));
        int[] r = new int[words];
        for (int i = 0; i < words; i++) {
            r[i] = b.getInt();
        }
        return r;
    }

    static byte[] gunzip(Path gz) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        }
    }
}
