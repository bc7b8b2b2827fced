package dev.visor.stats;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/** Small helpers for the JSON forms of statistics: doubles round-trip exactly, non-finite values as strings. */
final class Json {
    /** Reads decimals as BigDecimal, so a float or double written by Jackson reads back to the same bits. */
    static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private Json() {}

    static void add(ArrayNode a, float v) {
        if (Float.isFinite(v)) {
            a.add(v);
        } else {
            a.add(Float.toString(v));
        }
    }

    static float toFloat(JsonNode n) {
        return n.isTextual() ? Float.parseFloat(n.asText()) : n.isBigDecimal() ? n.decimalValue().floatValue() : n.floatValue();
    }

    static double toDouble(JsonNode n) {
        return n.isTextual() ? Double.parseDouble(n.asText()) : n.isBigDecimal() ? n.decimalValue().doubleValue() : n.doubleValue();
    }

    static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }

    static long[] longs(JsonNode array) {
        long[] out = new long[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asLong();
        }
        return out;
    }

    static ArrayNode doubles(double[] values) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        for (double v : values) {
            if (Double.isFinite(v)) {
                a.add(v);
            } else {
                a.add(Double.toString(v));
            }
        }
        return a;
    }

    static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode n = array.get(i);
            out[i] = toDouble(n);
        }
        return out;
    }
}
