package dev.visor.report;

import dev.visor.VisorException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Streams a float32 array to a NumPy {@code .npy} file (format version 1.0, little-endian {@code '<f4'}, C order),
 * chunk by chunk: the shape is written up front, then values in row-major order, so memory stays flat whatever
 * the size. Visor writes the format itself: the one Java library on Maven Central ({@code org.jetbrains.bio:npy},
 * last released 2021, Kotlin) writes whole arrays only.
 *
 * <p>{@link #close()} fails unless exactly {@code product(shape)} values were written; {@link #abort()} deletes a
 * partial file.
 */
public final class NpyWriter implements AutoCloseable {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};

    private final Path file;
    private final OutputStream out;
    private final long total;
    private long written;
    private boolean closed;

    private NpyWriter(Path file, OutputStream out, long total) {
        this.file = file;
        this.out = out;
        this.total = total;
    }

    /**
     * Creates (or replaces) {@code file} and writes the header for an array of {@code shape}.
     *
     * @throws VisorException when the file cannot be written
     */
    public static NpyWriter create(Path file, long... shape) {
        long total = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            }
            total = Math.multiplyExact(total, d);
        }
        try {
            OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
            out.write(header(shape));
            return new NpyWriter(file, out, total);
        } catch (IOException e) {
            throw new VisorException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The v1.0 header: magic, version, little-endian uint16 length, then the dict padded with spaces and ended by
     * a newline so the whole header is a multiple of 64 bytes.
     */
    static byte[] header(long... shape) {
        String dims = Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", "));
        String tuple = "(" + dims + (shape.length == 1 ? ",)" : ")");
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + tuple + ", }";
        int unpadded = MAGIC.length + 2 + dict.length() + 1;
        int len = dict.length() + 1 + (64 - unpadded % 64) % 64;
        String text = dict + " ".repeat(len - dict.length() - 1) + "\n";
        ByteBuffer b = ByteBuffer.allocate(MAGIC.length + 2 + len).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).putShort((short) len).put(text.getBytes(StandardCharsets.US_ASCII));
        return b.array();
    }

    /** Appends values in row-major order. */
    public void write(float[] values) {
        if (written + values.length > total) {
            throw new IllegalStateException("more values than the shape holds (" + total + ") for " + file);
        }
        ByteBuffer b = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        try {
            out.write(b.array());
        } catch (IOException e) {
            throw new VisorException("cannot write " + file + ": " + e.getMessage(), e);
        }
        written += values.length;
    }

    /** Values written so far. */
    public long written() {
        return written;
    }

    /** Closes and deletes the partial file (after an error). */
    public void abort() {
        closed = true;
        try {
            out.close();
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // Already failing; the caller reports the first error.
        }
    }

    /** Flushes and closes; fails unless the array is complete. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            out.close();
        } catch (IOException e) {
            throw new VisorException("cannot write " + file + ": " + e.getMessage(), e);
        }
        if (written != total) {
            throw new IllegalStateException("wrote " + written + " of " + total + " values to " + file);
        }
    }
}
