package dev.visor.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyWriterTest {
    @TempDir
    Path tmp;

    @Test
    void headerIsPaddedToSixtyFourBytesWithNumpyTuples() {
        for (long[] shape : new long[][] {{3}, {2, 5}, {20, 64, 28, 28}, {}}) {
            byte[] h = NpyWriter.header(shape);
            assertThat(h.length % 64).isZero();
            assertThat((h[8] & 0xff) | (h[9] & 0xff) << 8).isEqualTo(h.length - 10);
            String dict = new String(h, 10, h.length - 10, StandardCharsets.US_ASCII);
            assertThat(dict).endsWith("\n").startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (");
            String tuple = shape.length == 1 ? "(3,)" : shape.length == 0 ? "()" : Arrays.toString(shape).replace('[', '(').replace(']', ')');
            assertThat(dict).contains("'shape': " + tuple + ", }");
        }
    }

    @Test
    void streamsChunksLittleEndianAndChecksTheCount() throws Exception {
        Path f = tmp.resolve("a.npy");
        try (NpyWriter w = NpyWriter.create(f, 2, 2)) {
            w.write(new float[] {1f, -2f});
            w.write(new float[] {0.5f, 3f});
        }
        byte[] b = Files.readAllBytes(f);
        int h = NpyWriter.header(2, 2).length;
        assertThat(b).hasSize(h + 16);
        assertThat(Float.intBitsToFloat((b[h] & 0xff) | (b[h + 1] & 0xff) << 8 | (b[h + 2] & 0xff) << 16 | (b[h + 3] & 0xff) << 24))
                .isEqualTo(1f);
        NpyWriter short1 = NpyWriter.create(f, 3);
        short1.write(new float[] {1f});
        assertThatThrownBy(short1::close).hasMessageContaining("wrote 1 of 3");
        NpyWriter aborted = NpyWriter.create(f, 3);
        aborted.abort();
        assertThat(f).doesNotExist();
    }
}
