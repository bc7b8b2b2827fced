package dev.visor.io;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Mutations for {@link ImporterFuzzTest}: byte-level (truncation, bit flips), JSON-level (value edits,
 * removed keys) and ONNX protobuf-level (dims, dtypes, raw_data length, attributes, huge declared sizes).
 * Each returns the mutated bytes and says what it did in {@link #last}.
 */
final class FuzzMutations {
    /** Dimension values that break naive readers. */
    static final long[] BAD_DIMS = {0, -1, -7, 1L << 31, (1L << 31) - 1, 1L << 40, Long.MAX_VALUE, Long.MIN_VALUE, 65536, 3};

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> SHAPE_KEYS = Set.of("shape", "batch_input_shape", "batch_shape", "kernel_size",
            "strides", "pool_size", "dilation_rate", "filters", "target_shape", "offset", "bytes", "axis", "size", "units");
    private static final String[] DTYPES = {"float64", "int16", "complex64", "", "uint8", "bool", "string", "float16",
        "int64", "int32", "bfloat16", "float32 "};

    private final Random random;
    /** What the last mutation did, for failure messages. */
    String last = "";

    FuzzMutations(Random random) {
        this.random = random;
    }

    // ---------------------------------------------------------------- bytes

    /** Cuts the bytes at a random offset. */
    byte[] truncate(byte[] b) {
        int at = b.length == 0 ? 0 : random.nextInt(b.length);
        last = "truncate at byte " + at + " of " + b.length;
        return Arrays.copyOf(b, at);
    }

    /** Flips 1..8 bits within the first KB (the header). */
    byte[] flipHeader(byte[] b) {
        return flip(b, Math.min(1024, b.length), "header");
    }

    /** Flips 1..8 bits anywhere. */
    byte[] flipAnywhere(byte[] b) {
        return flip(b, b.length, "anywhere");
    }

    private byte[] flip(byte[] b, int range, String where) {
        byte[] r = b.clone();
        int k = 1 + random.nextInt(8);
        StringBuilder s = new StringBuilder("flip " + k + " bits (" + where + ") at");
        for (int i = 0; i < k && range > 0; i++) {
            int at = random.nextInt(range);
            int bit = random.nextInt(8);
            r[at] ^= (byte) (1 << bit);
            s.append(' ').append(at).append('.').append(bit);
        }
        last = s.toString();
        return r;
    }

    // ---------------------------------------------------------------- JSON

    /** One random JSON edit of {@code json}: a shape-like value, a dtype, a removed key, or any number. */
    byte[] editJson(byte[] json, boolean hugeDeclared) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Slot> slots = new ArrayList<>();
        collect(root, null, null, -1, "", slots);
        if (hugeDeclared) {
            List<Slot> shapes = slots.stream().filter(s -> s.value.isArray() && (s.key.equals("shape") || s.key.equals("bytes")
                    || s.key.equals("batch_input_shape"))).toList();
            if (shapes.isEmpty()) {
                shapes = slots.stream().filter(s -> s.value.isNumber()).toList();
            }
            Slot s = shapes.get(random.nextInt(shapes.size()));
            ArrayNode huge = MAPPER.createArrayNode();
            long[] choice = random.nextBoolean() ? new long[] {65536, 65536, 1024} : new long[] {2147483647L, 2147483647L};
            for (long d : choice) {
                huge.add(d);
            }
            set(s, huge);
            last = "huge declared size: " + s.path + " = " + huge;
            return write(root);
        }
        int kind = random.nextInt(4);
        List<Slot> pool = switch (kind) {
            case 0 -> slots.stream().filter(s -> s.value.isNumber() && SHAPE_KEYS.contains(s.key)).toList();
            case 1 -> slots.stream().filter(s -> s.key.equals("dtype")).toList();
            case 2 -> slots.stream().filter(s -> s.field != null).toList();
            default -> slots.stream().filter(s -> s.value.isValueNode()).toList();
        };
        if (pool.isEmpty()) {
            pool = slots.stream().filter(s -> s.field != null).toList();
        }
        Slot s = pool.get(random.nextInt(pool.size()));
        switch (kind) {
            case 0, 3 -> {
                long v = BAD_DIMS[random.nextInt(BAD_DIMS.length)];
                JsonNode nv = random.nextInt(6) == 0 ? MAPPER.getNodeFactory().textNode("x")
                        : random.nextInt(8) == 0 ? MAPPER.getNodeFactory().nullNode() : MAPPER.getNodeFactory().numberNode(v);
                set(s, nv);
                last = "json value " + s.path + " = " + nv;
            }
            case 1 -> {
                String t = DTYPES[random.nextInt(DTYPES.length)];
                set(s, MAPPER.getNodeFactory().textNode(t));
                last = "json dtype " + s.path + " = '" + t + "'";
            }
            default -> {
                ((ObjectNode) s.parent).remove(s.field);
                last = "json key removed: " + s.path;
            }
        }
        return write(root);
    }

    private record Slot(JsonNode parent, String field, int index, JsonNode value, String key, String path) {}

    private static void collect(JsonNode n, JsonNode parent, String field, int index, String path, List<Slot> out) {
        if (parent != null) {
            String key = field != null ? field : parentKey(path);
            out.add(new Slot(parent, field, index, n, key, path));
        }
        if (n.isObject()) {
            var it = n.fields();
            while (it.hasNext()) {
                var e = it.next();
                collect(e.getValue(), n, e.getKey(), -1, path + "/" + e.getKey(), out);
            }
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                collect(n.get(i), n, null, i, path + "/" + i, out);
            }
        }
    }

    /** For an array element, the key of the array (the last named path segment). */
    private static String parentKey(String path) {
        String[] parts = path.split("/");
        for (int i = parts.length - 1; i >= 0; i--) {
            if (!parts[i].isEmpty() && !Character.isDigit(parts[i].charAt(0))) {
                return parts[i];
            }
        }
        return "";
    }

    private static void set(Slot s, JsonNode v) {
        if (s.field != null) {
            ((ObjectNode) s.parent).set(s.field, v);
        } else {
            ((ArrayNode) s.parent).set(s.index, v);
        }
    }

    private static byte[] write(JsonNode root) {
        try {
            return MAPPER.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- ONNX protobuf

    /** One protobuf-level edit of an ONNX model. */
    byte[] editOnnx(ModelProto model, boolean hugeDeclared) {
        GraphProto.Builder g = model.getGraph().toBuilder();
        int nInit = g.getInitializerCount();
        int ti = random.nextInt(nInit);
        TensorProto t = g.getInitializer(ti);
        TensorProto.Builder tb = t.toBuilder();
        if (hugeDeclared) {
            int kind = random.nextInt(3);
            if (kind == 0) {
                tb.clearDims().addDims(1 << 20).addDims(1 << 20).addDims(1 << 12);
                last = "huge declared size: initializer '" + t.getName() + "' dims [2^20, 2^20, 2^12]";
            } else if (kind == 1) {
                tb.clearDims().addDims(Integer.MAX_VALUE).addDims(2);
                last = "huge declared size: initializer '" + t.getName() + "' dims [2^31-1, 2]";
            } else {
                tb.clearRawData().setDataLocation(TensorProto.DataLocation.EXTERNAL).clearExternalData()
                        .addExternalData(StringStringEntryProto.newBuilder().setKey("location").setValue("weights.bin"))
                        .addExternalData(StringStringEntryProto.newBuilder().setKey("offset").setValue("1099511627776"))
                        .clearDims().addDims(1L << 33);
                last = "huge declared size: initializer '" + t.getName() + "' external data 2^33 elements at offset 2^40";
            }
            g.setInitializer(ti, tb);
            return model.toBuilder().setGraph(g).build().toByteArray();
        }
        switch (random.nextInt(9)) {
            case 8 -> {
                // Another element type with the dims rescaled so raw_data still has the right length: the
                // engine then really sees float16 / int8 / bool / int64 / double weights.
                int[][] types = {{10, 2}, {2, 1}, {3, 1}, {9, 1}, {6, 4}, {7, 8}, {11, 8}, {4, 2}, {16, 2}};
                int[] ty = types[random.nextInt(types.length)];
                long count = t.getRawData().size() / ty[1];
                tb.setDataType(ty[0]).clearDims().addDims(count);
                last = "initializer '" + t.getName() + "' retyped to " + ty[0] + " as [" + count + "] (raw_data kept)";
            }
            case 0 -> {
                long v = BAD_DIMS[random.nextInt(BAD_DIMS.length)];
                if (t.getDimsCount() == 0 || random.nextInt(5) == 0) {
                    tb.addDims(v);
                    last = "initializer '" + t.getName() + "' extra dim " + v;
                } else {
                    int d = random.nextInt(t.getDimsCount());
                    tb.setDims(d, v);
                    last = "initializer '" + t.getName() + "' dims[" + d + "] = " + v;
                }
            }
            case 1 -> {
                int dt = random.nextInt(18);
                tb.setDataType(dt);
                last = "initializer '" + t.getName() + "' data_type = " + dt;
            }
            case 2 -> {
                ByteString raw = t.getRawData();
                int len = random.nextBoolean() ? random.nextInt(raw.size() + 1) : raw.size() + 1 + random.nextInt(64);
                ByteString nr = len <= raw.size() ? raw.substring(0, len)
                        : raw.concat(ByteString.copyFrom(new byte[len - raw.size()]));
                tb.setRawData(nr);
                last = "initializer '" + t.getName() + "' raw_data length " + raw.size() + " -> " + len;
            }
            case 3 -> {
                ValueInfoProto in = g.getInput(0);
                TensorShapeProto.Builder shape = in.getType().getTensorType().getShape().toBuilder();
                long v = BAD_DIMS[random.nextInt(BAD_DIMS.length)];
                int d = shape.getDimCount() == 0 ? -1 : random.nextInt(shape.getDimCount());
                if (d < 0) {
                    shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(v));
                } else {
                    shape.setDim(d, TensorShapeProto.Dimension.newBuilder().setDimValue(v));
                }
                ValueInfoProto.Builder ib = in.toBuilder();
                ib.getTypeBuilder().getTensorTypeBuilder().setShape(shape);
                if (random.nextInt(4) == 0) {
                    ib.getTypeBuilder().getTensorTypeBuilder().setElemType(random.nextInt(18));
                }
                g.setInput(0, ib);
                last = "graph input dims[" + d + "] = " + v + ", elem_type " + ib.getType().getTensorType().getElemType();
            }
            case 4, 5 -> {
                int ni = random.nextInt(g.getNodeCount());
                NodeProto n = g.getNode(ni);
                if (n.getAttributeCount() == 0) {
                    NodeProto.Builder nb = n.toBuilder();
                    nb.setInput(0, "no_such_tensor");
                    g.setNode(ni, nb);
                    last = "node '" + n.getName() + "' input 0 renamed";
                    break;
                }
                int ai = random.nextInt(n.getAttributeCount());
                AttributeProto a = n.getAttribute(ai);
                AttributeProto.Builder ab = a.toBuilder();
                long v = BAD_DIMS[random.nextInt(BAD_DIMS.length)];
                if (a.getIntsCount() > 0) {
                    int k = random.nextInt(a.getIntsCount());
                    ab.setInts(k, v);
                } else if (a.getType() == AttributeProto.AttributeType.INT) {
                    ab.setI(v);
                } else if (a.getType() == AttributeProto.AttributeType.FLOAT) {
                    ab.setF(random.nextBoolean() ? Float.NaN : (float) v);
                } else {
                    AttributeProto.AttributeType[] types = {AttributeProto.AttributeType.INT,
                        AttributeProto.AttributeType.FLOATS, AttributeProto.AttributeType.TENSOR, AttributeProto.AttributeType.GRAPH};
                    ab.setType(types[random.nextInt(types.length)]);
                }
                g.setNode(ni, n.toBuilder().setAttribute(ai, ab));
                last = "node '" + n.getName() + "' attribute " + a.getName() + " <- " + v + " / " + ab.getType();
            }
            case 6 -> {
                int ni = random.nextInt(g.getNodeCount());
                last = "node '" + g.getNode(ni).getName() + "' (" + g.getNode(ni).getOpType() + ") removed";
                g.removeNode(ni);
            }
            default -> {
                tb.clearDims();
                for (int i = 0, r = 1 + random.nextInt(6); i < r; i++) {
                    tb.addDims(1 + random.nextInt(64));
                }
                last = "initializer '" + t.getName() + "' dims " + tb.getDimsList();
            }
        }
        if (!last.startsWith("graph input") && !last.startsWith("node")) {
            g.setInitializer(ti, tb);
        }
        return model.toBuilder().setGraph(g).build().toByteArray();
    }
}
