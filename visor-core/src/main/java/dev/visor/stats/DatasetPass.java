package dev.visor.stats;

import dev.visor.job.Shard;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.visor.VisorException;
import dev.visor.data.Batches;
import dev.visor.data.Dataset;
import dev.visor.model.Activations;
import dev.visor.model.ForwardRequest;
import dev.visor.model.Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One streaming pass of a dataset through a model, updating per-unit statistics of many layers at once.
 *
 * <p>Each batch is one inference forward pass (no gradient) that asks for every requested layer in one
 * {@link ForwardRequest}; each layer's activation is reduced by {@link LayerReduction} and fed to its
 * statistics. Images are decoded and preprocessed ahead on another thread ({@link Prefetcher}, at most
 * {@link #prefetch} batches ahead) and every batch's arrays live in a sub-manager closed after it, so
 * memory is flat in the number of images.
 *
 * <p>Batches are defined on the whole dataset and a {@link Shard} takes some of them, so shard
 * statistics merge into the single-pass result. With {@link #checkpoint(Path, int)} the statistics are
 * written every N batches (a temporary file moved over the old one, so a kill leaves the previous
 * checkpoint whole); a rerun with the same settings resumes after the last checkpointed batch and,
 * because the batches and their order are the same, ends with the statistics an uninterrupted pass has.
 *
 * <pre>{@code
 * DatasetPass.Result r = DatasetPass.of(model, data).layers(List.of("conv1", "bn2"))
 *         .statistics(TopK.spec(9), Moments.spec()).batchSize(100).run();
 * }</pre>
 */
public final class DatasetPass {
    /** Format name of checkpoints. */
    public static final String FORMAT = "visor-pass/1";

    private final Model model;
    private final Dataset dataset;
    private List<String> layers = List.of();
    private final List<DerivedLayer> derived = new ArrayList<>();
    private int[] units;
    private List<StatisticSpec> specs = List.of(TopK.spec(9), Moments.spec());
    private int batchSize = 100;
    private Shard shard = Shard.ALL;
    private Path checkpoint;
    private int checkpointEvery = 20;
    private int prefetch = 2;
    private PassListener listener = PassListener.NONE;

    private DatasetPass(Model model, Dataset dataset) {
        this.model = model;
        this.dataset = dataset;
    }

    /** A pass of {@code dataset} through {@code model} (defaults: batch 100, top-9 and moments, whole dataset). */
    public static DatasetPass of(Model model, Dataset dataset) {
        return new DatasetPass(model, dataset);
    }

    /** The layers whose units get statistics (required; a repeated name counts once). */
    public DatasetPass layers(List<String> l) {
        this.layers = List.copyOf(new java.util.LinkedHashSet<>(l));
        return this;
    }

    /**
     * Also keeps the statistics of a value computed from each forward pass (all its units, whatever {@link #units}
     * says), under the derived layer's name.
     */
    public DatasetPass derived(DerivedLayer d) {
        if (layers.contains(d.name()) || derived.stream().anyMatch(o -> o.name().equals(d.name()))) {
            throw new VisorException("a derived value is named '" + d.name() + "', like a layer of the pass; rename it");
        }
        derived.add(d);
        return this;
    }

    /** Only these units (channel indices) of every layer; null: all units. */
    public DatasetPass units(int[] u) {
        this.units = u == null ? null : u.clone();
        return this;
    }

    /** The statistics each layer keeps. */
    public DatasetPass statistics(StatisticSpec... s) {
        this.specs = List.of(s);
        return this;
    }

    /** Images per forward pass. */
    public DatasetPass batchSize(int b) {
        if (b <= 0) {
            throw new VisorException("batch size must be positive, got " + b);
        }
        this.batchSize = b;
        return this;
    }

    /** Which part of the batches to run. */
    public DatasetPass shard(Shard s) {
        this.shard = s;
        return this;
    }

    /** Checkpoints the statistics to {@code file} every {@code everyBatches} batches, and resumes from it. */
    public DatasetPass checkpoint(Path file, int everyBatches) {
        if (everyBatches <= 0) {
            throw new VisorException("checkpoint interval must be positive, got " + everyBatches);
        }
        this.checkpoint = file;
        this.checkpointEvery = everyBatches;
        return this;
    }

    /** Batches prepared ahead of the model (1 or 2 is enough; 0 prepares on the calling thread). */
    public DatasetPass prefetch(int batches) {
        this.prefetch = Math.max(0, batches);
        return this;
    }

    /** Progress callbacks (may throw to abort the pass; the last checkpoint stays). */
    public DatasetPass listener(PassListener l) {
        this.listener = l;
        return this;
    }

    /**
     * What a pass computed.
     *
     * @param statistics the statistics by layer
     * @param batches    batches of the shard, all done
     * @param images     images those batches hold
     * @param resumed    batches taken from a checkpoint instead of computed now
     */
    public record Result(PassStatistics statistics, int batches, int images, int resumed) {}

    /** Runs (or resumes) the pass. */
    public Result run() {
        if (layers.isEmpty() && derived.isEmpty()) {
            throw new VisorException("a dataset pass needs at least one layer; valid: " + String.join(", ", model.layerNames()));
        }
        if (dataset.size() == 0) {
            throw new VisorException("dataset " + dataset.name() + " has no images");
        }
        layers.forEach(model::resolve);
        derived.forEach(d -> d.reads().forEach(model::resolve));
        List<String> kept = keptNames();
        int total = (dataset.size() + batchSize - 1) / batchSize;
        List<Integer> mine = shard.batches(total);
        try (NDManager root = model.manager().newSubManager()) {
            Map<String, int[]> unitsByLayer = new LinkedHashMap<>();
            PassStatistics stats = emptyStatistics(root, unitsByLayer);
            ObjectNode key = key(unitsByLayer);
            int done = 0;
            if (checkpoint != null && Files.isRegularFile(checkpoint)) {
                JsonNode saved = read(checkpoint);
                checkCompatible(checkpoint, key, saved);
                try {
                    stats = PassStatistics.fromJson(saved.path("statistics"), specs);
                    stats.layers().forEach(stats::of);
                    done = saved.path("batches_done").asInt(-1);
                } catch (RuntimeException e) {
                    throw new VisorException("the checkpoint " + checkpoint + " is damaged (" + e + "); delete it to start over", e);
                }
                if (done < 0 || done > mine.size() || !stats.layers().equals(kept)) {
                    throw new VisorException("the checkpoint " + checkpoint + " is damaged (batches_done " + done + " of "
                            + mine.size() + ", layers " + stats.layers() + "); delete it to start over");
                }
            }
            int resumed = done;
            int[] order = indicesOf(mine.subList(done, mine.size()));
            int images = indicesOf(mine).length;
            listener.started(mine.size(), done, images);
            ForwardRequest request = request();
            try (Source source = new Source(order, root)) {
                for (Prefetcher.Prepared p = source.next(); p != null; p = source.next()) {
                    try (NDManager step = root.newSubManager()) {
                        NDArray x = step.create(p.input(), new Shape(p.shape()));
                        Activations a = model.forward(x, request);
                        for (String layer : layers) {
                            stats.update(layer, LayerReduction.reduce(a.get(layer), p.indices(), unitsByLayer.get(layer), layer));
                        }
                        NDArray images01 = derived.isEmpty() ? null : model.inputSpec().toImage(x);
                        for (DerivedLayer d : derived) {
                            NDArray v = d.apply(a, images01);
                            stats.update(d.name(), LayerReduction.reduce(v, p.indices(), unitsByLayer.get(d.name()), d.name()));
                        }
                    }
                    done++;
                    if (checkpoint != null && (done % checkpointEvery == 0 || done == mine.size())) {
                        write(checkpoint, key, done, stats);
                        listener.checkpointed(done);
                    }
                    listener.batchDone(done, mine.size());
                }
            }
            if (checkpoint != null && done == resumed) {
                write(checkpoint, key, done, stats);
            }
            return new Result(stats, mine.size(), images, resumed);
        }
    }

    /** Batches from the prefetch thread, or made on this thread when prefetch is 0. */
    private final class Source implements AutoCloseable {
        private final Prefetcher prefetcher;
        private final Iterator<Batches.Batch> direct;

        Source(int[] order, NDManager root) {
            if (prefetch > 0) {
                prefetcher = new Prefetcher(dataset, model.inputSpec(), batchSize, order, root, prefetch);
                direct = null;
            } else {
                prefetcher = null;
                direct = Batches.of(dataset, model.inputSpec(), batchSize, root).order(order).iterator();
            }
        }

        Prefetcher.Prepared next() {
            if (prefetcher != null) {
                return prefetcher.next();
            }
            if (!direct.hasNext()) {
                return null;
            }
            try (Batches.Batch b = direct.next()) {
                return new Prefetcher.Prepared(b.input().toFloatArray(), b.input().getShape().getShape(), b.indices());
            }
        }

        @Override
        public void close() {
            if (prefetcher != null) {
                prefetcher.close();
            }
        }
    }

    /** Runs one image to learn each layer's units and map size, checks the unit selection, and makes empty statistics. */
    private PassStatistics emptyStatistics(NDManager root, Map<String, int[]> unitsByLayer) {
        PassStatistics stats = new PassStatistics();
        try (NDManager probe = root.newSubManager()) {
            Batches.Batch b = Batches.of(dataset.subset(new int[] {0}), model.inputSpec(), 1, probe).iterator().next();
            Activations a = model.forward(b.input(), request());
            for (String layer : keptNames()) {
                DerivedLayer d = derived.stream().filter(o -> o.name().equals(layer)).findFirst().orElse(null);
                long[] shape = (d == null ? a.get(layer) : d.apply(a, b.images())).getShape().getShape();
                int[] hw = LayerReduction.mapSize(shape, layer);
                int channels = (int) shape[1];
                int[] us = units != null && d == null ? units : java.util.stream.IntStream.range(0, channels).toArray();
                for (int u : us) {
                    if (u < 0 || u >= channels) {
                        throw new VisorException("unit " + u + " is out of range for layer '" + layer + "', which has " + channels
                                + " units (valid: 0-" + (channels - 1) + ")");
                    }
                }
                unitsByLayer.put(layer, us);
                List<UnitStatistic> list = new ArrayList<>();
                for (StatisticSpec s : specs) {
                    list.add(s.create(layer, us, hw[0], hw[1]));
                }
                stats.put(layer, list);
            }
        }
        return stats;
    }

    /** The layers and derived values whose statistics are kept, in that order. */
    private List<String> keptNames() {
        List<String> all = new ArrayList<>(layers);
        derived.forEach(d -> all.add(d.name()));
        return all;
    }

    /** One forward request for the layers and what the derived values read. */
    private ForwardRequest request() {
        java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>(layers);
        derived.forEach(d -> all.addAll(d.reads()));
        return ForwardRequest.of(List.copyOf(all));
    }

    private int[] indicesOf(List<Integer> batches) {
        int n = 0;
        for (int b : batches) {
            n += Math.min(dataset.size(), (b + 1) * batchSize) - b * batchSize;
        }
        int[] out = new int[n];
        int k = 0;
        for (int b : batches) {
            for (int i = b * batchSize; i < Math.min(dataset.size(), (b + 1) * batchSize); i++) {
                out[k++] = i;
            }
        }
        return out;
    }

    /** What a checkpoint must match to be resumed. */
    private ObjectNode key(Map<String, int[]> unitsByLayer) {
        ObjectNode k = JsonNodeFactory.instance.objectNode();
        k.put("format", FORMAT);
        k.put("model", model.source());
        k.put("input", model.inputSpec().toString());
        k.put("dataset", dataset.name());
        k.put("images", dataset.size());
        k.put("batch_size", batchSize);
        k.put("shard", shard.toString());
        ObjectNode ls = k.putObject("layers");
        unitsByLayer.forEach((l, us) -> {
            ArrayNode a = ls.putArray(l);
            for (int u : us) {
                a.add(u);
            }
        });
        ArrayNode ss = k.putArray("kept");
        specs.forEach(s -> ss.add(s.describe()));
        return k;
    }

    private static void checkCompatible(Path file, ObjectNode key, JsonNode saved) {
        for (var it = key.fields(); it.hasNext(); ) {
            var e = it.next();
            if (!e.getValue().equals(saved.get(e.getKey()))) {
                throw new VisorException("the checkpoint " + file + " was written by a pass with another " + e.getKey() + " ("
                        + abbreviate(saved.get(e.getKey())) + ", now " + abbreviate(e.getValue())
                        + "); delete it or write to another folder");
            }
        }
    }

    private static String abbreviate(JsonNode n) {
        String s = String.valueOf(n);
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }

    private static JsonNode read(Path file) {
        try {
            return Json.MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new VisorException("cannot read checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes the checkpoint atomically: a temporary file in the same folder, then a move over the old one. */
    private static void write(Path file, ObjectNode key, int done, PassStatistics stats) {
        ObjectNode o = key.deepCopy();
        o.put("batches_done", done);
        o.set("statistics", stats.toJson());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            Files.write(tmp, Json.MAPPER.writeValueAsBytes(o));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new VisorException("cannot write checkpoint " + file + ": " + e.getMessage(), e);
        }
    }
}
