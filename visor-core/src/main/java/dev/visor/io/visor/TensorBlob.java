package dev.visor.io.visor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.visor.VisorException;
import dev.visor.io.TensorLimits;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Named tensors in one flat little-endian binary file, indexed by {@link TensorEntry} records. */
public final class TensorBlob {
    private TensorBlob() {}

    /** Writes the tensors in order and returns their entries. */
    public static List<TensorEntry> write(Map<String, NDArray> tensors, Path file) {
        List<TensorEntry> entries = new ArrayList<>();
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            long offset = 0;
            for (Map.Entry<String, NDArray> e : tensors.entrySet()) {
                NDArray a = e.getValue();
                byte[] bytes;
                String dtype;
                if (a.getDataType() == DataType.FLOAT32) {
                    dtype = "float32";
                    float[] f = a.toFloatArray();
                    ByteBuffer b = ByteBuffer.allocate(4 * f.length).order(ByteOrder.LITTLE_ENDIAN);
                    b.asFloatBuffer().put(f);
                    bytes = b.array();
                } else if (a.getDataType() == DataType.INT64) {
                    dtype = "int64";
                    long[] l = a.toLongArray();
                    ByteBuffer b = ByteBuffer.allocate(8 * l.length).order(ByteOrder.LITTLE_ENDIAN);
                    b.asLongBuffer().put(l);
                    bytes = b.array();
                } else {
                    throw new VisorException("tensor '" + e.getKey() + "' has type " + a.getDataType()
                            + "; the Visor model format stores float32 and int64 tensors");
                }
                out.write(bytes);
                entries.add(new TensorEntry(e.getKey(), dtype, a.getShape().getShape(), offset, bytes.length));
                offset += bytes.length;
            }
        } catch (IOException e) {
            throw new VisorException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return entries;
    }

    /**
     * Reads the tensors of the entries from the file's bytes.
     *
     * @param what the file's name for messages
     * @throws VisorException naming the tensor and byte offset when the file is too short or the entries are bad
     */
    public static Map<String, NDArray> read(List<TensorEntry> entries, byte[] data, String what, NDManager manager) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (TensorEntry e : entries) {
            if (e == null || e.name() == null || e.dtype() == null || e.shape() == null) {
                throw new VisorException(what + ": an initializer entry lacks its name, dtype or shape"
                        + (e != null && e.name() != null ? " ('" + e.name() + "')" : "") + " (each needs name, dtype, shape, offset, bytes)");
            }
            if (out.containsKey(e.name())) {
                throw new VisorException(what + ": tensor '" + e.name() + "' is listed twice");
            }
            long n = TensorLimits.elements(e.shape(), "tensor '" + e.name() + "' in " + what);
            int width = switch (e.dtype()) {
                case "float32" -> 4;
                case "int64" -> 8;
                default -> throw new VisorException("tensor '" + e.name() + "' in " + what + " has dtype '" + e.dtype()
                        + "'; valid: float32, int64");
            };
            if (e.bytes() != n * width) {
                throw new VisorException("tensor '" + e.name() + "' in " + what + " declares " + e.bytes() + " bytes but its shape "
                        + java.util.Arrays.toString(e.shape()) + " needs " + n * width);
            }
            if (e.offset() < 0 || e.offset() > data.length - e.bytes()) {
                throw new VisorException(what + " is truncated or corrupt: tensor '" + e.name() + "' needs bytes [" + e.offset()
                        + ", " + (e.offset() + e.bytes()) + ") but the file ends at byte offset " + data.length);
            }
            ByteBuffer b = ByteBuffer.wrap(data, (int) e.offset(), (int) e.bytes()).order(ByteOrder.LITTLE_ENDIAN);
            Shape shape = new Shape(e.shape());
            if (width == 4) {
                float[] f = new float[(int) n];
                b.asFloatBuffer().get(f);
                out.put(e.name(), manager.create(f, shape));
            } else {
                long[] l = new long[(int) n];
                b.asLongBuffer().get(l);
                out.put(e.name(), manager.create(l, shape));
            }
        }
        return out;
    }
}
