package dev.visor.dissect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.visor.VisorException;
import dev.visor.stats.Quantiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Pass 1's result: per layer and unit the threshold T_k, the top-{@code quantile} point of the unit's
 * activations over every position of every probe image, P(a_k > T_k) = quantile (Bau et al. 2017, §2.2),
 * read from a KLL sketch. KLL compacts with random coin flips, so two pass-1 runs (or shards merged)
 * give thresholds within the sketch's rank error but not bit-equal; this file is what makes pass 2 exact:
 * it is written once, and every pass-2 shard and resumed run reads the same bits (floats are stored as
 * their IEEE bit patterns), which {@link #digest()} identifies.
 *
 * @param model    the model's source
 * @param probe    the probe set's folder
 * @param seen     activations each unit's sketch saw (every position of every image)
 * @param quantile the top quantile (0.005 in the paper)
 * @param units    per layer the units, in slot order
 * @param values   per layer T_k per unit slot
 */
public record Thresholds(String model, String probe, long seen, double quantile, Map<String, int[]> units,
                         Map<String, float[]> values) {
    /** File name inside an output folder. */
    public static final String FILE = "thresholds.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** T_k = the (1 − quantile) quantile of each unit's sketch. */
    public static Thresholds of(String model, String probe, double quantile, Map<String, Quantiles> sketches) {
        Map<String, int[]> units = new LinkedHashMap<>();
        Map<String, float[]> values = new LinkedHashMap<>();
        long seen = 0;
        for (var e : sketches.entrySet()) {
            Quantiles q = e.getValue();
            int[] us = q.units();
            float[] t = new float[us.length];
            for (int u = 0; u < us.length; u++) {
                t[u] = q.count(u) == 0 ? Float.POSITIVE_INFINITY : q.quantile(u, 1 - quantile);
            }
            units.put(e.getKey(), us);
            values.put(e.getKey(), t);
            seen = us.length == 0 ? seen : q.count(0);
        }
        return new Thresholds(model, probe, seen, quantile, units, values);
    }

    /** The thresholds of these units of a layer, in this order. */
    public float[] forUnits(String layer, int[] us) {
        int[] have = units.get(layer);
        if (have == null) {
            throw new VisorException("the thresholds have no layer '" + layer + "' (they cover " + String.join(", ", units.keySet())
                    + "); run pass 1 for it");
        }
        float[] out = new float[us.length];
        for (int i = 0; i < us.length; i++) {
            int slot = -1;
            for (int j = 0; j < have.length; j++) {
                if (have[j] == us[i]) {
                    slot = j;
                }
            }
            if (slot < 0) {
                throw new VisorException("the thresholds of layer '" + layer + "' have no unit " + us[i]);
            }
            out[i] = values.get(layer)[slot];
        }
        return out;
    }

    /** The JSON form. */
    public ObjectNode toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put("format", "visor-thresholds/1");
        o.put("model", model);
        o.put("probe", probe);
        o.put("quantile", quantile);
        o.put("seen", seen);
        ObjectNode ls = o.putObject("layers");
        for (var e : units.entrySet()) {
            ObjectNode l = ls.putObject(e.getKey());
            var us = l.putArray("units");
            var bits = l.putArray("threshold_bits");
            var shown = l.putArray("thresholds");
            float[] t = values.get(e.getKey());
            for (int u = 0; u < t.length; u++) {
                us.add(e.getValue()[u]);
                bits.add(Float.floatToIntBits(t[u]));
                shown.add(Float.isFinite(t[u]) ? Double.parseDouble(Float.toString(t[u])) : Double.MAX_VALUE);
            }
        }
        return o;
    }

    /** A short hash of the thresholds' bits (what shards must share). */
    public String digest() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (var e : units.entrySet()) {
                md.update(e.getKey().getBytes(StandardCharsets.UTF_8));
                float[] t = values.get(e.getKey());
                for (int u = 0; u < t.length; u++) {
                    md.update(java.nio.ByteBuffer.allocate(8).putInt(e.getValue()[u]).putInt(Float.floatToIntBits(t[u])).array());
                }
            }
            md.update(Double.toString(quantile).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes {@link #FILE} into a folder. */
    public Path write(Path dir) {
        Path f = dir.resolve(FILE);
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve(FILE + ".tmp");
            JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), toJson());
            Files.move(tmp, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new VisorException("cannot write " + f + ": " + e.getMessage(), e);
        }
        return f;
    }

    /** Reads a thresholds file (or {@link #FILE} in a folder). */
    public static Thresholds read(Path dirOrFile) {
        return dev.visor.report.Sidecar.readResult(dirOrFile, FILE, "visor-thresholds/1", "visor thresholds file",
                "write one with `visor dissect ... --thresholds-only`", o -> {
                    Map<String, int[]> units = new LinkedHashMap<>();
                    Map<String, float[]> values = new LinkedHashMap<>();
                    o.path("layers").fields().forEachRemaining(e -> {
                        JsonNode us = e.getValue().path("units");
                        JsonNode bits = e.getValue().path("threshold_bits");
                        int[] u = new int[us.size()];
                        float[] t = new float[us.size()];
                        for (int i = 0; i < u.length; i++) {
                            u[i] = us.get(i).asInt();
                            t[i] = Float.intBitsToFloat(bits.get(i).asInt());
                        }
                        units.put(e.getKey(), u);
                        values.put(e.getKey(), t);
                    });
                    return new Thresholds(o.path("model").asText(), o.path("probe").asText(), o.path("seen").asLong(),
                            o.path("quantile").asDouble(), units, values);
                });
    }
}
