package dev.visor.top;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.visor.VisorException;
import dev.visor.stats.Moments;
import dev.visor.stats.PassStatistics;
import dev.visor.job.Shard;
import dev.visor.stats.TopK;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What {@link TopJob} found: per layer a {@link TopK} and {@link Moments} of every requested unit.
 * {@link #write}/{@link #read} keep it as {@code top.json}, from which {@link #merge} combines shards.
 *
 * @param model      the model's source (as {@code --model} names it)
 * @param data       the dataset's name (as {@code --data} names it when it can be reopened)
 * @param images     images in the whole dataset
 * @param channels   model input channels (the montage's images are the model-input images)
 * @param height     model input height
 * @param width      model input width
 * @param settings   the settings; after a merge of all shards its shard is {@link Shard#ALL}
 * @param mergedFrom shards merged into this result (1 for a single run)
 * @param statistics top-k and moments by layer
 */
public record TopResult(String model, String data, int images, int channels, int height, int width, TopSettings settings,
                        int mergedFrom, PassStatistics statistics) {
    /** File name of the result inside an output folder. */
    public static final String FILE = "top.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    /**
     * The same result under another dataset name: front ends record the name the user gave (e.g.
     * {@code fashion-mnist}), which {@code top merge} can reopen (it takes the first {@link #images} items).
     */
    public TopResult withData(String name) {
        return new TopResult(model, name, images, channels, height, width, settings, mergedFrom, statistics);
    }

    /** The top-k of a layer. */
    public TopK top(String layer) {
        return statistics.get(layer, TopK.class);
    }

    /** The moments of a layer. */
    public Moments moments(String layer) {
        return statistics.get(layer, Moments.class);
    }

    /**
     * Merges the results of all shards 0/N … N−1/N of one job (any order) into the result of the unsharded
     * job: top-k exactly, moments by Chan's rule.
     *
     * @throws VisorException when the parts come from different jobs, repeat a shard or miss one
     */
    public static TopResult merge(List<TopResult> parts) {
        if (parts.isEmpty()) {
            throw new VisorException("nothing to merge: give the output folders of the shards");
        }
        TopResult first = parts.get(0);
        int n = first.settings.shard().count();
        TreeSet<Integer> seen = new TreeSet<>();
        for (TopResult p : parts) {
            if (!p.model.equals(first.model) || !p.data.equals(first.data) || p.images != first.images
                    || !p.settings.withShard(Shard.ALL).equals(first.settings.withShard(Shard.ALL))) {
                throw new VisorException("cannot merge: the shards come from different jobs (" + describe(first) + " vs "
                        + describe(p) + ")");
            }
            if (p.settings.shard().count() != n || p.mergedFrom != 1) {
                throw new VisorException("cannot merge shard " + p.settings.shard() + " with shards of " + n
                        + "; give the outputs of --shard 0/" + n + " … " + (n - 1) + "/" + n);
            }
            if (!seen.add(p.settings.shard().index())) {
                throw new VisorException("shard " + p.settings.shard() + " is given twice");
            }
        }
        if (seen.size() != n) {
            List<Integer> missing = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (!seen.contains(i)) {
                    missing.add(i);
                }
            }
            throw new VisorException("cannot merge: shards " + missing + " of " + n + " are missing");
        }
        PassStatistics merged = PassStatistics.fromJson(first.statistics.toJson());
        for (int i = 1; i < parts.size(); i++) {
            merged.merge(parts.get(i).statistics);
        }
        return new TopResult(first.model, first.data, first.images, first.channels, first.height, first.width,
                first.settings.withShard(Shard.ALL), n, merged);
    }

    private static String describe(TopResult r) {
        return r.model + " on " + r.data + ", " + r.settings.withShard(Shard.ALL).toMap();
    }

    /** Writes {@code top.json} into a folder. */
    public Path write(Path dir) {
        ObjectNode o = JSON.createObjectNode();
        o.put("format", "visor-top/1");
        o.put("model", model);
        o.put("data", data);
        o.put("images", images);
        o.putArray("input").add(channels).add(height).add(width);
        o.set("settings", JSON.valueToTree(settings.toMap()));
        o.put("merged_from", mergedFrom);
        o.set("statistics", statistics.toJson());
        Path file = dir.resolve(FILE);
        dev.visor.report.Sidecar.write(file, o);
        return file;
    }

    /** Reads {@code top.json} from a folder (or the file itself). */
    @SuppressWarnings("unchecked")
    public static TopResult read(Path dirOrFile) {
        return dev.visor.report.Sidecar.readResult(dirOrFile, FILE, "visor-top/1", "visor top result",
                "is it the --out folder of a `visor top` run?", o -> {
                    JsonNode in = o.path("input");
                    return new TopResult(o.path("model").asText(), o.path("data").asText(), o.path("images").asInt(),
                            in.get(0).asInt(), in.get(1).asInt(), in.get(2).asInt(),
                            TopSettings.fromMap(new ObjectMapper().convertValue(o.path("settings"), Map.class)),
                            o.path("merged_from").asInt(1), PassStatistics.fromJson(o.path("statistics")));
                });
    }
}
