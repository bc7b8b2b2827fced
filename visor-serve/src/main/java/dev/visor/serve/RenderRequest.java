package dev.visor.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.visor.VisorException;
import dev.visor.model.Model;
import dev.visor.optvis.Presets;
import dev.visor.optvis.RenderFiles;
import dev.visor.optvis.RenderJob;
import dev.visor.optvis.RenderJobSettings;
import dev.visor.optvis.RenderListener;
import dev.visor.optvis.RenderSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A validated render request: one unit of one layer, a preset with a few overrides, a seed. Two requests
 * with the same model, objective, settings and seed have the same {@link #id}, which names the job and its
 * run directory, so the second reuses the first.
 *
 * @param layer     layer name (one of the catalog's)
 * @param unit      channel / feature index
 * @param objective the objective text, {@code layer:unit}
 * @param recipe    the render settings (preset + overrides, range-checked)
 * @param seed      the run's seed
 * @param id        {@code <layer>-<unit>-<hash of model, objective, settings, seed>}
 */
public record RenderRequest(String layer, int unit, String objective, RenderSettings recipe, long seed, String id)
        implements JobSpec {
    /** Fields a request body may have. */
    public static final Set<String> FIELDS = new TreeSet<>(List.of("method", "layer", "unit", "preset", "steps", "size",
            "seed", "learningRate"));

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Checks a request body (a JSON object) against the model and the server's limits.
     *
     * @throws ApiError 400 naming the bad field and what is valid
     */
    public static RenderRequest parse(Map<String, Object> body, ModelCatalog catalog, ServeSettings limits) {
        for (String k : body.keySet()) {
            if (!FIELDS.contains(k)) {
                throw new ApiError(400, "unknown field '" + k + "'; known: " + String.join(", ", FIELDS));
            }
        }
        String layer = string(body, "layer", null);
        ModelCatalog.Layer l = catalog.layer(layer);
        if (l == null) {
            throw new ApiError(400, "unknown layer '" + layer + "'; GET /api/model lists the layers");
        }
        long unit = integer(body, "unit", -1);
        if (unit < 0 || unit >= l.units()) {
            throw new ApiError(400, "unit " + unit + " is out of range for layer '" + layer + "', which has " + l.units()
                    + " units (0-" + (l.units() - 1) + ")");
        }
        RenderSettings recipe;
        try {
            recipe = Presets.get(string(body, "preset", "small"));
            Map<String, Object> over = new LinkedHashMap<>();
            if (body.containsKey("steps")) {
                long steps = integer(body, "steps", 0);
                if (steps < 1 || steps > limits.maxSteps()) {
                    throw new ApiError(400, "steps = " + steps + " is out of range; use 1 to " + limits.maxSteps());
                }
                over.put("steps", steps);
            }
            if (body.containsKey("size")) {
                long size = integer(body, "size", 0);
                if (size < 0 || size > limits.maxSize()) {
                    throw new ApiError(400, "size = " + size + " is out of range; use 0 (the model's input size) to "
                            + limits.maxSize() + " pixels");
                }
                over.put("size", size);
            }
            if (body.containsKey("learningRate")) {
                over.put("learningRate", number(body, "learningRate"));
            }
            recipe = recipe.with(over);
        } catch (VisorException e) {
            throw new ApiError(400, e.getMessage());
        }
        if (recipe.steps() > limits.maxSteps() || recipe.steps() < 1) {
            throw new ApiError(400, "preset '" + recipe.preset() + "' runs " + recipe.steps() + " steps, more than this"
                    + " server allows (" + limits.maxSteps() + "); give \"steps\"");
        }
        if (recipe.size() > limits.maxSize()) {
            throw new ApiError(400, "preset '" + recipe.preset() + "' renders at " + recipe.size() + " px, more than this"
                    + " server allows (" + limits.maxSize() + "); give \"size\"");
        }
        long seed = integer(body, "seed", 0);
        String objective = layer + ":" + unit;
        Map<String, Object> key = new LinkedHashMap<>();
        key.put("model", catalog.source());
        key.put("objective", objective);
        key.put("seed", seed);
        key.put("settings", recipe.asMap());
        String id = RenderFiles.slug(layer) + "-" + unit + "-" + hash(key);
        return new RenderRequest(layer, (int) unit, objective, recipe, seed, id);
    }

    @Override
    public int steps() {
        return recipe.steps();
    }

    @Override
    public void run(Model model, Path dir, RenderListener listener) {
        RenderJob.run(model, RenderJobSettings.of(List.of(objective), dir).withRecipe(recipe).withSeed(seed), listener);
    }

    @Override
    public String image(List<String> files) {
        return files.stream().filter(f -> f.endsWith(".png") && !f.equals("grid.png")).findFirst().orElse(null);
    }

    @Override
    public Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("method", "render");
        m.put("layer", layer);
        m.put("unit", unit);
        m.put("preset", recipe.preset());
        m.put("steps", recipe.steps());
        m.put("size", recipe.size());
        m.put("seed", seed);
        return m;
    }

    static String hash(Object key) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(JSON.writeValueAsString(key).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 6);
        } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String string(Map<String, Object> body, String k, String dflt) {
        Object v = body.get(k);
        if (v == null) {
            if (dflt == null) {
                throw new ApiError(400, "missing field '" + k + "'");
            }
            return dflt;
        }
        if (!(v instanceof String s) || s.length() > 200) {
            throw new ApiError(400, "field '" + k + "' must be a string of at most 200 characters");
        }
        return s;
    }

    static long integer(Map<String, Object> body, String k, long dflt) {
        Object v = body.get(k);
        if (v == null) {
            if (dflt < 0) {
                throw new ApiError(400, "missing field '" + k + "'");
            }
            return dflt;
        }
        if (!(v instanceof Integer || v instanceof Long)) {
            throw new ApiError(400, "field '" + k + "' must be a whole number, got " + v);
        }
        return ((Number) v).longValue();
    }

    private static double number(Map<String, Object> body, String k) {
        if (!(body.get(k) instanceof Number n) || !Double.isFinite(n.doubleValue())) {
            throw new ApiError(400, "field '" + k + "' must be a number");
        }
        return n.doubleValue();
    }
}
