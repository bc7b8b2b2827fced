package dev.visor.model;

import ai.djl.ndarray.NDArray;
import dev.visor.VisorException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A node's attributes, with ONNX semantics and types: {@code Long}, {@code Float}, {@code String},
 * {@code long[]}, {@code float[]}, {@code String[]} or {@link NDArray} (tensor attributes).
 * Immutable once built.
 */
public final class Attributes {
    private final Map<String, Object> values;

    private Attributes(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** No attributes. */
    public static Attributes empty() {
        return new Attributes(Map.of());
    }

    /** Attributes from a map of ONNX-typed values. */
    public static Attributes of(Map<String, Object> values) {
        for (Map.Entry<String, Object> e : values.entrySet()) {
            Object v = e.getValue();
            if (!(v instanceof Long || v instanceof Float || v instanceof String || v instanceof long[]
                    || v instanceof float[] || v instanceof String[] || v instanceof NDArray)) {
                throw new IllegalArgumentException("attribute " + e.getKey() + " has unsupported type "
                        + (v == null ? "null" : v.getClass().getSimpleName()));
            }
        }
        return new Attributes(values);
    }

    /** A builder for importers. */
    public static Builder builder() {
        return new Builder();
    }

    /** All values, in insertion order (for export). */
    public Map<String, Object> asMap() {
        return values;
    }

    /** True if the attribute is present. */
    public boolean has(String name) {
        return values.containsKey(name);
    }

    /** An integer attribute, or {@code dflt} when absent. */
    public long getLong(String name, long dflt) {
        Object v = values.get(name);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Long l) {
            return l;
        }
        throw typeError(name, "an integer", v);
    }

    /** An integer attribute as int, or {@code dflt} when absent. */
    public int getInt(String name, int dflt) {
        return Math.toIntExact(getLong(name, dflt));
    }

    /** A float attribute, or {@code dflt} when absent. */
    public float getFloat(String name, float dflt) {
        Object v = values.get(name);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Float f) {
            return f;
        }
        if (v instanceof Long l) {
            return l;
        }
        throw typeError(name, "a float", v);
    }

    /** A string attribute, or {@code dflt} when absent. */
    public String getString(String name, String dflt) {
        Object v = values.get(name);
        if (v == null) {
            return dflt;
        }
        if (v instanceof String s) {
            return s;
        }
        throw typeError(name, "a string", v);
    }

    /** An integer-list attribute, or {@code dflt} (may be null) when absent. */
    public long[] getLongs(String name, long[] dflt) {
        Object v = values.get(name);
        if (v == null) {
            return dflt;
        }
        if (v instanceof long[] a) {
            return a.clone();
        }
        if (v instanceof Long l) {
            return new long[] {l};
        }
        throw typeError(name, "a list of integers", v);
    }

    /** An integer-list attribute as ints, or {@code dflt} (may be null) when absent. */
    public int[] getInts(String name, int[] dflt) {
        long[] a = getLongs(name, null);
        if (a == null) {
            return dflt;
        }
        int[] r = new int[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = Math.toIntExact(a[i]);
        }
        return r;
    }

    /** A float-list attribute, or {@code dflt} (may be null) when absent. */
    public float[] getFloats(String name, float[] dflt) {
        Object v = values.get(name);
        if (v == null) {
            return dflt;
        }
        if (v instanceof float[] a) {
            return a.clone();
        }
        throw typeError(name, "a list of floats", v);
    }

    /** A string-list attribute, or {@code dflt} when absent. */
    public String[] getStrings(String name, String[] dflt) {
        Object v = values.get(name);
        if (v == null) {
            return dflt;
        }
        if (v instanceof String[] a) {
            return a.clone();
        }
        throw typeError(name, "a list of strings", v);
    }

    /** A tensor attribute, or null when absent. */
    public NDArray getTensor(String name) {
        Object v = values.get(name);
        if (v == null || v instanceof NDArray) {
            return (NDArray) v;
        }
        throw typeError(name, "a tensor", v);
    }

    private static VisorException typeError(String name, String expected, Object v) {
        return new VisorException("attribute '" + name + "' should be " + expected + " but is "
                + v.getClass().getSimpleName());
    }

    @Override
    public String toString() {
        return values.keySet().toString();
    }

    /** Collects attributes in order. */
    public static final class Builder {
        private final Map<String, Object> values = new LinkedHashMap<>();

        /** Adds an integer. */
        public Builder put(String name, long v) {
            values.put(name, v);
            return this;
        }

        /** Adds a float. */
        public Builder put(String name, float v) {
            values.put(name, v);
            return this;
        }

        /** Adds a string. */
        public Builder put(String name, String v) {
            values.put(name, v);
            return this;
        }

        /** Adds an integer list. */
        public Builder put(String name, long... v) {
            values.put(name, v);
            return this;
        }

        /** Adds a float list. */
        public Builder put(String name, float... v) {
            values.put(name, v);
            return this;
        }

        /** Adds a tensor. */
        public Builder put(String name, NDArray v) {
            values.put(name, v);
            return this;
        }

        /** Adds any ONNX-typed value (checked in {@link #build()}). */
        public Builder putRaw(String name, Object v) {
            values.put(name, v);
            return this;
        }

        /** The attributes. */
        public Attributes build() {
            return Attributes.of(values);
        }
    }
}
