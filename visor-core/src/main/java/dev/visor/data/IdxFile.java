package dev.visor.data;

import dev.visor.VisorException;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * An IDX file (the MNIST / Fashion-MNIST format): a 4-byte magic number (two zero bytes, a type
 * code, the number of dimensions), one big-endian 32-bit size per dimension, then the values.
 * Only unsigned bytes (type 0x08) are supported, which is what every MNIST-style set uses.
 * Gzipped files (by their magic bytes, whatever the name) are read transparently.
 *
 * @param dims the dimension sizes, e.g. {60000, 28, 28}
 * @param data the values in row-major order, {@code product(dims)} bytes
 */
public record IdxFile(int[] dims, byte[] data) {
    private static final int UBYTE = 0x08;

    /** Number of items (the first dimension). */
    public int count() {
        return dims[0];
    }

    /** Bytes per item (the product of the other dimensions). */
    public int itemSize() {
        int n = 1;
        for (int i = 1; i < dims.length; i++) {
            n *= dims[i];
        }
        return n;
    }

    /**
     * Reads a whole IDX file.
     *
     * @throws VisorException naming the file and the byte offset where it is corrupt or ends early
     */
    public static IdxFile read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new VisorException("IDX file not found: " + file);
        }
        boolean gz = isGzip(file);
        try (CountingStream raw = new CountingStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            InputStream in = gz ? new GZIPInputStream(raw, 1 << 16) : raw;
            return parse(in, file, gz ? raw : null);
        } catch (ZipException | EOFException e) {
            throw new VisorException("corrupt gzip data in " + file + " (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new VisorException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static IdxFile parse(InputStream in, Path file, CountingStream compressed) throws IOException {
        String where = compressed == null ? "" : " (uncompressed)";
        byte[] magic = readFully(in, 4, file, 0, "the 4-byte magic number", where, compressed);
        if (magic[0] != 0 || magic[1] != 0) {
            throw new VisorException("not an IDX file: " + file + " starts with bytes " + hex(magic)
                    + " at byte offset 0" + where + "; an IDX file starts with 00 00 08 <dims>");
        }
        if ((magic[2] & 0xff) != UBYTE) {
            throw new VisorException("unsupported IDX value type 0x" + Integer.toHexString(magic[2] & 0xff) + " in " + file
                    + " at byte offset 2" + where + "; only unsigned bytes (0x08) are supported");
        }
        int rank = magic[3] & 0xff;
        if (rank < 1 || rank > 4) {
            throw new VisorException("bad IDX dimension count " + rank + " in " + file + " at byte offset 3" + where
                    + "; expected 1 to 4");
        }
        byte[] header = readFully(in, 4 * rank, file, 4, "the dimension sizes", where, compressed);
        int[] dims = new int[rank];
        long total = 1;
        for (int i = 0; i < rank; i++) {
            int off = 4 * i;
            dims[i] = ((header[off] & 0xff) << 24) | ((header[off + 1] & 0xff) << 16) | ((header[off + 2] & 0xff) << 8)
                    | (header[off + 3] & 0xff);
            if (dims[i] <= 0) {
                throw new VisorException("bad IDX dimension size " + dims[i] + " in " + file + " at byte offset "
                        + (4 + off) + where);
            }
            total *= dims[i];
        }
        if (total > Integer.MAX_VALUE - 16) {
            throw new VisorException("IDX file " + file + " declares " + total + " values (dims " + Arrays.toString(dims)
                    + "), too many to load");
        }
        long dataStart = 4L + 4L * rank;
        byte[] data = readFully(in, (int) total, file, dataStart, "the " + Arrays.toString(dims) + " values", where, compressed);
        return new IdxFile(dims, data);
    }

    private static byte[] readFully(InputStream in, int n, Path file, long offset, String what, String where,
                                    CountingStream compressed) throws IOException {
        byte[] b = new byte[n];
        int got = 0;
        while (got < n) {
            int r;
            try {
                r = in.read(b, got, n - got);
            } catch (EOFException | ZipException e) {
                throw truncated(file, offset + got, what, offset + n, where, compressed, e);
            }
            if (r < 0) {
                throw truncated(file, offset + got, what, offset + n, where, compressed, null);
            }
            got += r;
        }
        return b;
    }

    private static VisorException truncated(Path file, long at, String what, long needed, String where,
                                            CountingStream compressed, Exception cause) {
        String gz = compressed == null ? "" : ", compressed byte offset " + compressed.count()
                + (cause == null ? "" : ": " + cause.getMessage());
        return new VisorException("truncated or corrupt IDX file " + file + ": it ends at byte offset " + at + where
                + gz + " while reading " + what + " (needs " + needed + " bytes)", cause);
    }

    private static boolean isGzip(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        } catch (IOException e) {
            throw new VisorException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static String hex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            s.append(String.format("%02x ", x & 0xff));
        }
        return s.toString().strip();
    }

    /** Counts bytes read, so a gzip error can name the compressed offset. */
    private static final class CountingStream extends FilterInputStream {
        private long count;

        CountingStream(InputStream in) {
            super(in);
        }

        long count() {
            return count;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IdxFile f && Arrays.equals(dims, f.dims) && Arrays.equals(data, f.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(dims) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "IdxFile" + Arrays.toString(dims);
    }
}
