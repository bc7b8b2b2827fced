package dev.visor.model.ops;

import ai.djl.ndarray.types.DataType;
import dev.visor.VisorException;

/** ONNX TensorProto element types and their DJL counterparts. */
public final class DataTypes {
    private DataTypes() {}

    /**
     * The DJL type of an ONNX element type code.
     *
     * @throws VisorException for types the engine cannot hold: int16, uint16, uint32, uint64 and bfloat16
     *                        tensors abort the JVM inside libtorch (through DJL 0.36), so they are refused here
     */
    public static DataType fromOnnx(int code) {
        if (!engineSupports(code)) {
            throw new VisorException("unsupported ONNX tensor element type " + name(code)
                    + " (supported: float, double, float16, int8, uint8, int32, int64, bool)");
        }
        return switch (code) {
            case 1 -> DataType.FLOAT32;
            case 2 -> DataType.UINT8;
            case 3 -> DataType.INT8;
            case 4 -> DataType.UINT16;
            case 5 -> DataType.INT16;
            case 6 -> DataType.INT32;
            case 7 -> DataType.INT64;
            case 9 -> DataType.BOOLEAN;
            case 10 -> DataType.FLOAT16;
            case 11 -> DataType.FLOAT64;
            case 12 -> DataType.UINT32;
            case 13 -> DataType.UINT64;
            case 16 -> DataType.BFLOAT16;
            default -> throw new VisorException("unsupported ONNX tensor element type " + code
                    + " (supported: float, double, float16, bfloat16, int8/16/32/64, uint8/16/32/64, bool)");
        };
    }

    /** True for the element types the tensor engine holds. */
    public static boolean engineSupports(int code) {
        return switch (code) {
            case 1, 2, 3, 6, 7, 9, 10, 11 -> true;
            default -> false;
        };
    }

    private static String name(int code) {
        return switch (code) {
            case 4 -> "uint16";
            case 5 -> "int16";
            case 8 -> "string";
            case 12 -> "uint32";
            case 13 -> "uint64";
            case 14 -> "complex64";
            case 15 -> "complex128";
            case 16 -> "bfloat16";
            default -> String.valueOf(code);
        };
    }

    /** The ONNX element type code of a DJL type. */
    public static int toOnnx(DataType t) {
        return switch (t) {
            case FLOAT32 -> 1;
            case UINT8 -> 2;
            case INT8 -> 3;
            case UINT16 -> 4;
            case INT16 -> 5;
            case INT32 -> 6;
            case INT64 -> 7;
            case BOOLEAN -> 9;
            case FLOAT16 -> 10;
            case FLOAT64 -> 11;
            case UINT32 -> 12;
            case UINT64 -> 13;
            case BFLOAT16 -> 16;
            default -> throw new VisorException("cannot write tensor type " + t + " to ONNX");
        };
    }
}
