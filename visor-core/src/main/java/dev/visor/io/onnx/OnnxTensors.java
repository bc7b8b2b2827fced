package dev.visor.io.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import dev.visor.VisorException;
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
        DataType type = DataTypes.fromOnnx(t.getDataType());
        long[] dims = new long[t.getDimsCount()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = t.getDims(i);
        }
        Shape shape = new Shape(dims);
        long n = shape.size();
        int width = type.getNumOfBytes();
        ByteBuffer buf = ByteBuffer.allocateDirect((int) (n * width)).order(ByteOrder.LITTLE_ENDIAN);
        if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
            buf.put(external(t, baseDir, n * width));
        } else if (!t.getRawData().isEmpty()) {
            ByteString raw = t.getRawData();
            if (raw.size() != n * width) {
                throw new VisorException("tensor '" + t.getName() + "' has " + raw.size() + " bytes of raw data, expected "
                        + n * width + " for shape " + shape + " of " + type);
            }
            buf.put(raw.asReadOnlyByteBuffer());
        } else {
            typed(t, type, n, buf);
        }
        buf.rewind();
        if (n == 0) {
            return manager.create(shape, type);
        }
        return manager.create(buf, shape, type);
    }

    private static void typed(TensorProto t, DataType type, long n, ByteBuffer buf) {
        long have = switch (type) {
            case FLOAT32 -> t.getFloatDataCount();
            case FLOAT64 -> t.getDoubleDataCount();
            case INT64 -> t.getInt64DataCount();
            case UINT32, UINT64 -> t.getUint64DataCount();
            default -> t.getInt32DataCount();
        };
        if (have != n) {
            throw new VisorException("tensor '" + t.getName() + "' holds " + have + " values, expected " + n);
        }
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

    private static byte[] external(TensorProto t, Path baseDir, long bytes) {
        String location = null;
        long offset = 0;
        for (StringStringEntryProto e : t.getExternalDataList()) {
            switch (e.getKey()) {
                case "location" -> location = e.getValue();
                case "offset" -> offset = Long.parseLong(e.getValue());
                default -> { }
            }
        }
        if (location == null || baseDir == null) {
            throw new VisorException("tensor '" + t.getName() + "' has external data without a location");
        }
        Path file = baseDir.resolve(location);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            byte[] data = new byte[Math.toIntExact(bytes)];
            f.seek(offset);
            f.readFully(data);
            return data;
        } catch (IOException e) {
            throw new VisorException("cannot read external data of tensor '" + t.getName() + "' from " + file + ": "
                    + e.getMessage(), e);
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
