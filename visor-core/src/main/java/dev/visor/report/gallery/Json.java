package dev.visor.report.gallery;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/** Small helpers for reading sidecars as JSON trees. */
final class Json {
    /** Arrays longer than this are shown as their first elements and a count. */
    private static final int MAX_LIST = 12;

    private Json() {}

    /** A value as short text: numbers with 4 significant digits, arrays joined, objects as JSON. */
    static String text(Object v) {
        if (v instanceof JsonNode n) {
            if (n.isTextual()) {
                return n.asText();
            }
            if (n.isFloatingPointNumber()) {
                return number(n.asDouble());
            }
            if (n.isArray()) {
                StringBuilder b = new StringBuilder();
                int i = 0;
                for (JsonNode e : n) {
                    if (i == MAX_LIST) {
                        b.append(", … (").append(n.size()).append(" in all)");
                        break;
                    }
                    b.append(i++ == 0 ? "" : ", ").append(text(e));
                }
                return b.toString();
            }
            return n.isValueNode() ? n.asText() : n.toString();
        }
        if (v instanceof Double || v instanceof Float) {
            return number(((Number) v).doubleValue());
        }
        return String.valueOf(v);
    }

    static String number(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return String.valueOf(d);
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return String.valueOf((long) d);
        }
        String s = String.format(Locale.ROOT, "%.4g", d);
        return s.contains(".") && !s.contains("e") ? s.replaceFirst("0+$", "").replaceFirst("\\.$", "") : s;
    }

    /** Puts every leaf of {@code node} into {@code out} under its dotted path. */
    static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return;
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else {
            out.put(prefix.isEmpty() ? "value" : prefix, text(node));
        }
    }

    /** The text of a field, or null. */
    static String str(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
