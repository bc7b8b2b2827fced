package dev.visor.report;

import dev.visor.VisorException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a small NumPy {@code .npy} file (format 1.0 or 2.0, C order, little-endian {@code '<f4'} or {@code '<f8'})
 * as float32 values and a shape: the counterpart of {@link NpyWriter} for inputs users hand in.
 *
 * @param shape  the array's shape
 * @param values the values in row-major order
 */
public record NpyReader(long[] shape, float[] values) {
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern ORDER = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    /** Reads {@code file}; a one-line error when it is not a float .npy Visor can read. */
    public static NpyReader read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new VisorException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (bytes.length < 10 || (bytes[0] & 0xff) != 0x93 || bytes[1] != 'N' || bytes[2] != 'U') {
            throw new VisorException(file + " is not a NumPy .npy file");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int major = bytes[6];
        int headerLen = major == 1 ? Short.toUnsignedInt(b.getShort(8)) : b.getInt(8);
        int start = major == 1 ? 10 : 12;
        if (start + headerLen > bytes.length) {
            throw new VisorException(file + " is a truncated .npy file");
        }
        String header = new String(bytes, start, headerLen, StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header);
        Matcher o = ORDER.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !s.find()) {
            throw new VisorException(file + " has an unreadable .npy header: " + header.strip());
        }
        String descr = d.group(1);
        if (o.find() && o.group(1).equals("True")) {
            throw new VisorException(file + " is in Fortran order; save it in C order (numpy.ascontiguousarray)");
        }
        List<Long> dims = new ArrayList<>();
        for (String part : s.group(1).split(",")) {
            if (!part.isBlank()) {
                dims.add(Long.parseLong(part.strip()));
            }
        }
        long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
        long n = 1;
        for (long x : shape) {
            n *= x;
        }
        int width = switch (descr) {
            case "<f4" -> 4;
            case "<f8" -> 8;
            default -> throw new VisorException(file + " holds '" + descr + "' values; Visor reads float32 ('<f4') or float64 ('<f8')");
        };
        int data = start + headerLen;
        if (n > Integer.MAX_VALUE || data + n * width > bytes.length) {
            throw new VisorException(file + " is a truncated .npy file (shape " + java.util.Arrays.toString(shape) + ")");
        }
        float[] values = new float[(int) n];
        for (int i = 0; i < n; i++) {
            values[i] = width == 4 ? b.getFloat(data + 4 * i) : (float) b.getDouble(data + 8 * i);
        }
        return new NpyReader(shape, values);
    }
}
