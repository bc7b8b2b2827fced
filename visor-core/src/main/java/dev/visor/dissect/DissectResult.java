package dev.visor.dissect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.visor.VisorException;
import dev.visor.job.Shard;
import dev.visor.stats.PassStatistics;
import dev.visor.stats.StatisticSpec;
import dev.visor.stats.TopK;
import dev.visor.stats.UnitStatistic;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What {@link DissectJob#tally} found: per layer the {@link IouTally} and {@link TopK} of every unit, from which
 * the labels follow: per unit its best concept per category, argmax_c IoU_{k,c}, and its label, the best over all
 * categories; a unit is a detector when that IoU exceeds {@link DissectSettings#iou()}.
 *
 * @param model      the model's source
 * @param probe      the probe set's folder
 * @param images     images in the probe set
 * @param settings   the settings (after a merge, shard {@link Shard#ALL})
 * @param thresholds {@link Thresholds#digest()} of the thresholds pass 2 used
 * @param mergedFrom shards merged into this result
 * @param statistics per layer [IoU tallies, top-k]
 */
public record DissectResult(String model, String probe, int images, DissectSettings settings, String thresholds, int mergedFrom,
                            PassStatistics statistics) {
    /** File name inside an output folder. */
    public static final String FILE = "dissect.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A unit's best concept in one category. */
    public record Match(String category, String concept, int label, double iou) {}

    /**
     * One unit's labels.
     *
     * @param unit       the channel index
     * @param best       the best concept of each category that has any concept, in category order
     * @param label      the best of those (null when the probe has no concepts)
     * @param detector   label's IoU exceeds the settings' IoU
     */
    public record UnitLabel(int unit, List<Match> best, Match label, boolean detector) {}

    /** A layer's summary: detectors and unique concepts they detect, per category (the paper's Fig. 5 counts). */
    public record LayerSummary(String layer, int units, int detectors, Map<String, Integer> uniqueByCategory, int unique) {}

    /** The IoU tallies of a layer. */
    public IouTally tally(String layer) {
        return statistics.get(layer, IouTally.class);
    }

    /** The top images of a layer's units. */
    public TopK top(String layer) {
        return statistics.get(layer, TopK.class);
    }

    /** Every unit's labels, in unit order. */
    public List<UnitLabel> labels(String layer) {
        IouTally t = tally(layer);
        Concepts cs = t.concepts();
        int[] units = t.units();
        List<UnitLabel> out = new ArrayList<>();
        for (int u = 0; u < units.length; u++) {
            List<Match> best = new ArrayList<>();
            Match label = null;
            for (String cat : cs.categories()) {
                Match m = null;
                for (int c = 0; c < cs.size(); c++) {
                    Concepts.Concept k = cs.list().get(c);
                    if (!k.category().equals(cat)) {
                        continue;
                    }
                    double iou = t.iou(u, c);
                    if (m == null || iou > m.iou()) {
                        m = new Match(cat, k.name(), k.label(), iou);
                    }
                }
                if (m != null) {
                    best.add(m);
                    if (label == null || m.iou() > label.iou()) {
                        label = m;
                    }
                }
            }
            out.add(new UnitLabel(units[u], best, label, label != null && label.iou() > settings.iou()));
        }
        return out;
    }

    /** The labels sorted by IoU, highest first (ties by unit). */
    public List<UnitLabel> ranked(String layer) {
        List<UnitLabel> l = new ArrayList<>(labels(layer));
        l.sort(Comparator.comparingDouble((UnitLabel x) -> x.label() == null ? -1 : -x.label().iou()).thenComparingInt(UnitLabel::unit));
        return l;
    }

    /** Detectors and unique detected concepts of a layer, per category. */
    public LayerSummary summary(String layer) {
        List<UnitLabel> labels = labels(layer);
        Map<String, TreeSet<String>> unique = new LinkedHashMap<>();
        for (String cat : tally(layer).concepts().categories()) {
            unique.put(cat, new TreeSet<>());
        }
        int detectors = 0;
        for (UnitLabel l : labels) {
            if (l.detector()) {
                detectors++;
                unique.get(l.label().category()).add(l.label().concept());
            }
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        int total = 0;
        for (var e : unique.entrySet()) {
            counts.put(e.getKey(), e.getValue().size());
            total += e.getValue().size();
        }
        return new LayerSummary(layer, labels.size(), detectors, counts, total);
    }

    /**
     * Merges the pass-2 results of all shards 0/N … N−1/N (any order) into the unsharded result; exact, since the
     * tallies are integers and top-k keeps a total order.
     *
     * @throws VisorException when the parts come from different jobs or thresholds, repeat a shard or miss one
     */
    public static DissectResult merge(List<DissectResult> parts) {
        if (parts.isEmpty()) {
            throw new VisorException("nothing to merge: give the output folders of the shards");
        }
        DissectResult first = parts.get(0);
        int n = first.settings.shard().count();
        TreeSet<Integer> seen = new TreeSet<>();
        for (DissectResult p : parts) {
            if (!p.model.equals(first.model) || !p.probe.equals(first.probe) || p.images != first.images
                    || !p.settings.withShard(Shard.ALL).equals(first.settings.withShard(Shard.ALL))) {
                throw new VisorException("cannot merge: the shards come from different jobs (" + first.model + " on " + first.probe + " "
                        + first.settings.withShard(Shard.ALL).toMap() + " vs " + p.model + " on " + p.probe + " "
                        + p.settings.withShard(Shard.ALL).toMap() + ")");
            }
            if (!p.thresholds.equals(first.thresholds)) {
                throw new VisorException("cannot merge: shard " + p.settings.shard() + " used thresholds " + p.thresholds + ", shard "
                        + first.settings.shard() + " used " + first.thresholds + "; give every shard the same --thresholds file");
            }
            if (p.settings.shard().count() != n || p.mergedFrom != 1) {
                throw new VisorException("cannot merge shard " + p.settings.shard() + " with shards of " + n);
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
        PassStatistics merged = PassStatistics.fromJson(first.statistics.toJson(), readers());
        for (int i = 1; i < parts.size(); i++) {
            merged.merge(parts.get(i).statistics);
        }
        return new DissectResult(first.model, first.probe, first.images, first.settings.withShard(Shard.ALL), first.thresholds, n, merged);
    }

    /** Specs that only read the JSON forms back (IoU tallies, top-k). */
    private static List<StatisticSpec> readers() {
        StatisticSpec tally = new StatisticSpec() {
            @Override
            public String describe() {
                return IouTally.KIND;
            }

            @Override
            public UnitStatistic create(int[] units, int height, int width) {
                throw new IllegalStateException("read only");
            }

            @Override
            public UnitStatistic read(String layer, JsonNode json) {
                return IouTally.fromJson(json);
            }
        };
        return List.of(tally, TopK.spec(1));
    }

    /** The JSON form: settings, the tallies (what merges read) and each layer's summary and labels. */
    public ObjectNode toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put("format", "visor-dissect/1");
        o.put("model", model);
        o.put("probe", probe);
        o.put("images", images);
        o.set("settings", JSON.valueToTree(settings.toMap()));
        o.put("thresholds", thresholds);
        o.put("merged_from", mergedFrom);
        ObjectNode layers = o.putObject("layers");
        for (String layer : statistics.layers()) {
            ObjectNode l = layers.putObject(layer);
            l.set("summary", JSON.valueToTree(summary(layer)));
            l.set("units", JSON.valueToTree(labels(layer)));
        }
        o.set("statistics", statistics.toJson());
        return o;
    }

    /** Writes {@link #FILE} into a folder. */
    public Path write(Path dir) {
        Path f = dir.resolve(FILE);
        dev.visor.report.Sidecar.write(f, toJson());
        return f;
    }

    /** Reads {@link #FILE} from a folder (or the file itself). */
    @SuppressWarnings("unchecked")
    public static DissectResult read(Path dirOrFile) {
        return dev.visor.report.Sidecar.readResult(dirOrFile, FILE, "visor-dissect/1", "visor dissect result",
                "is it the --out folder of a `visor dissect` run?",
                o -> new DissectResult(o.path("model").asText(), o.path("probe").asText(), o.path("images").asInt(),
                        DissectSettings.fromMap(JSON.convertValue(o.path("settings"), Map.class)), o.path("thresholds").asText(),
                        o.path("merged_from").asInt(1), PassStatistics.fromJson(o.path("statistics"), readers())));
    }
}
