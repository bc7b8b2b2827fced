package dev.visor.io.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import dev.visor.VisorException;
import dev.visor.io.TensorLimits;
import dev.visor.model.ops.DataTypes;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/** ONNX TensorProto ↔ DJL NDArray: raw_data (little-endian), typed fields and external data. */
public final class OnnxTensors {
    private OnnxTensors() {}

    /**
     * Reads a tensor into {@code manager}.
     *
     * @param baseDir directory of the model file, for external data (may be null)
     */
    public static NDArray read(TensorProto t, NDManager manager, Path baseDir) {
        String what = "tensor '" + t.getName() + "'";
        DataType type = DataTypes.fromOnnx(t.getDataType());
        long[] dims = new long[t.getDimsCount()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = t.getDims(i);
        }
        // Sizes are checked against the bytes present before anything is allocated.
        long n = TensorLimits.elements(dims, what);
        Shape shape = new Shape(dims);
        int width = type.getNumOfBytes();
        byte[] ext = null;
        int bytes;
        if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
            ext = external(t, baseDir, n, width);
            bytes = ext.length;
        } else if (!t.getRawData().isEmpty()) {
            ByteString raw = t.getRawData();
            if (raw.size() != n * width) {
                throw new VisorException(what + " has " + raw.size() + " bytes of raw data, expected "
                        + n * width + " for shape " + shape + " of " + type);
            }
            bytes = raw.size();
        } else {
            long have = typedCount(t, type);
            if (have != n) {
                throw new VisorException(what + " holds " + have + " values, expected " + n + " for shape " + shape);
            }
            bytes = TensorLimits.bytes(n, width, Integer.MAX_VALUE, what);
        }
        if (n == 0) {
            return manager.create(shape, type);
        }
        ByteBuffer buf = ByteBuffer.allocateDirect(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (ext != null) {
            buf.put(ext);
        } else if (!t.getRawData().isEmpty()) {
            buf.put(t.getRawData().asReadOnlyByteBuffer());
        } else {
            typed(t, type, n, buf);
        }
        buf.rewind();
        return manager.create(buf, shape, type);
    }

    private static long typedCount(TensorProto t, DataType type) {
        return switch (type) {
            case FLOAT32 -> t.getFloatDataCount();
            case FLOAT64 -> t.getDoubleDataCount();
            case INT64 -> t.getInt64DataCount();
            case UINT32, UINT64 -> t.getUint64DataCount();
            default -> t.getInt32DataCount();
        };
    }

    private static void typed(TensorProto t, DataType type, long n, ByteBuffer buf) {
        for (int i = 0; i < n; i++) {
            switch (type) {
                case FLOAT32 -> buf.putFloat(t.getFloatData(i));
                case FLOAT64 -> buf.putDouble(t.getDoubleData(i));
                case INT64 -> buf.putLong(t.getInt64Data(i));
                case UINT64 -> buf.putLong(t.getUint64Data(i));
                case UINT32 -> buf.putInt((int) t.getUint64Data(i));
                case INT32 -> buf.putInt(t.getInt32Data(i));
                case INT16, UINT16, FLOAT16, BFLOAT16 -> buf.putShort((short) t.getInt32Data(i));
                default -> buf.put((byte) t.getInt32Data(i));
            }
        }
    }

    private static byte[] external(TensorProto t, Path baseDir, long n, int width) {
        String what = "tensor '" + t.getName() + "'";
        String location = null;
        long offset = 0;
        Long length = null;
        for (StringStringEntryProto e : t.getExternalDataList()) {
            switch (e.getKey()) {
                case "location" -> location = e.getValue();
                case "offset" -> offset = number(e.getValue(), what, "offset");
                case "length" -> length = number(e.getValue(), what, "length");
                default -> { }
            }
        }
        if (location == null || location.isEmpty() || baseDir == null) {
            throw new VisorException(what + " has external data without a location");
        }
        Path file = baseDir.resolve(location).normalize();
        if (!file.startsWith(baseDir.normalize())) {
            throw new VisorException(what + " names external data " + location + " outside the model's folder " + baseDir);
        }
        if (length != null && length != n * width) {
            throw new VisorException(what + " declares " + length + " bytes of external data, expected " + n * width);
        }
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long available = Math.max(0, f.length() - offset);
            int bytes = TensorLimits.bytes(n, width, available, what + " (external data in " + file + " from byte "
                    + offset + ")");
            byte[] data = new byte[bytes];
            f.seek(offset);
            f.readFully(data);
            return data;
        } catch (IOException e) {
            throw new VisorException("cannot read external data of " + what + " from " + file + ": "
                    + e.getMessage(), e);
        }
    }

    private static long number(String v, String what, String key) {
        try {
            long x = Long.parseLong(v.strip());
            if (x < 0) {
                throw new NumberFormatException();
            }
            return x;
        } catch (NumberFormatException e) {
            throw new VisorException(what + " has external data " + key + " '" + v + "'; valid: a byte count >= 0");
        }
    }

    /** Writes a tensor as raw_data in its own element type. */
    public static TensorProto write(String name, NDArray a) {
        TensorProto.Builder b = TensorProto.newBuilder().setName(name).setDataType(DataTypes.toOnnx(a.getDataType()));
        for (long d : a.getShape().getShape()) {
            b.addDims(d);
        }
        ByteBuffer bb = a.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        b.setRawData(ByteString.copyFrom(bb));
        return b.build();
    }
}
