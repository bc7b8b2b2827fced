package dev.visor.io.onnx;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import com.google.protobuf.ByteString;
import dev.visor.model.Attributes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** ONNX AttributeProto ↔ Visor {@link Attributes}. Graph-valued attributes (If, Loop) are not read. */
final class OnnxAttributes {
    private OnnxAttributes() {}

    /** Reads a node's attributes; tensors go into {@code manager}. */
    static Attributes read(java.util.List<AttributeProto> protos, NDManager manager, Path baseDir) {
        Attributes.Builder b = Attributes.builder();
        for (AttributeProto a : protos) {
            Object v = switch (a.getType()) {
                case INT -> a.getI();
                case FLOAT -> a.getF();
                case STRING -> a.getS().toString(StandardCharsets.UTF_8);
                case INTS -> a.getIntsList().stream().mapToLong(Long::longValue).toArray();
                case FLOATS -> floats(a);
                case STRINGS -> a.getStringsList().stream().map(s -> s.toString(StandardCharsets.UTF_8)).toArray(String[]::new);
                case TENSOR -> OnnxTensors.read(a.getT(), manager, baseDir);
                default -> null;
            };
            if (v != null) {
                b.putRaw(a.getName(), v);
            }
        }
        return b.build();
    }

    private static float[] floats(AttributeProto a) {
        float[] f = new float[a.getFloatsCount()];
        for (int i = 0; i < f.length; i++) {
            f[i] = a.getFloats(i);
        }
        return f;
    }

    /** Writes one attribute. */
    static AttributeProto write(String name, Object v) {
        AttributeProto.Builder b = AttributeProto.newBuilder().setName(name);
        if (v instanceof Long l) {
            b.setType(AttributeType.INT).setI(l);
        } else if (v instanceof Float f) {
            b.setType(AttributeType.FLOAT).setF(f);
        } else if (v instanceof String s) {
            b.setType(AttributeType.STRING).setS(ByteString.copyFromUtf8(s));
        } else if (v instanceof long[] ls) {
            b.setType(AttributeType.INTS);
            for (long l : ls) {
                b.addInts(l);
            }
        } else if (v instanceof float[] fs) {
            b.setType(AttributeType.FLOATS);
            for (float f : fs) {
                b.addFloats(f);
            }
        } else if (v instanceof String[] ss) {
            b.setType(AttributeType.STRINGS);
            for (String s : ss) {
                b.addStrings(ByteString.copyFromUtf8(s));
            }
        } else if (v instanceof NDArray t) {
            b.setType(AttributeType.TENSOR).setT(OnnxTensors.write("", t));
        } else {
            throw new IllegalArgumentException("attribute " + name + " has unsupported type " + v);
        }
        return b.build();
    }

    /** Writes all attributes of a node. */
    static java.util.List<AttributeProto> writeAll(Attributes attrs) {
        return attrs.asMap().entrySet().stream().map((Map.Entry<String, Object> e) -> write(e.getKey(), e.getValue())).toList();
    }
}
