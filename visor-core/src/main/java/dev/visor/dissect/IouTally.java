package dev.visor.dissect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.visor.VisorException;
import dev.visor.stats.StatisticSpec;
import dev.visor.stats.UnitStatistic;
import dev.visor.stats.UnitValues;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Network dissection's tallies for every unit of one layer (Bau et al. 2017, eq. 1):
 * IoU_{k,c} = Σ|M_k(x) ∩ L_c(x)| / Σ|M_k(x) ∪ L_c(x)|, sums over the probe images x, with M_k the unit's
 * {@link UnitMask} at threshold T_k and L_c the concept's mask. As in NetDissect the union is
 * |M_k| + |L_c| − |M_k ∩ L_c| with |M_k| counted over the images that annotate c's category at all, and a
 * whole-image label (texture, scene) covers every pixel. All tallies are exact integers (longs), so
 * {@link #merge} of shards equals one pass exactly.
 */
public final class IouTally implements UnitStatistic {
    /** Kind name in the JSON form. */
    public static final String KIND = "iou-tally";

    private final int[] units;
    private final float[] thresholds;
    private final Concepts concepts;
    private final long[] intersection;
    private final long[] unitArea;
    private final long[] labelArea;
    private long images;
    private IntFunction<ProbeMasks> masks;
    private Upsampling.Masks upsampler = UnitMask::new;
    private UnitMask mask;

    /**
     * Empty tallies.
     *
     * @param units      the units (channel indices), in slot order
     * @param thresholds T_k per unit slot
     * @param concepts   the probe set's concepts
     * @param masks      the masks of a dataset image id (may be null for a tally that is only merged and read)
     */
    public IouTally(int[] units, float[] thresholds, Concepts concepts, IntFunction<ProbeMasks> masks) {
        if (thresholds.length != units.length) {
            throw new IllegalArgumentException(units.length + " units but " + thresholds.length + " thresholds");
        }
        this.units = units.clone();
        this.thresholds = thresholds.clone();
        this.concepts = concepts;
        this.intersection = new long[units.length * concepts.size()];
        this.unitArea = new long[units.length * concepts.categories().size()];
        this.labelArea = new long[concepts.size()];
        this.masks = masks;
    }

    /**
     * The spec of a pass-2 statistic: each layer's tallies at that layer's thresholds.
     *
     * @param thresholds T_k of every layer, from pass 1
     * @param concepts   the probe set's concepts
     * @param masks      the probe's masks by image id
     * @param upsamplers each layer's way of placing its maps on the masks
     */
    public static StatisticSpec spec(Thresholds thresholds, Concepts concepts, IntFunction<ProbeMasks> masks,
                                     java.util.function.Function<String, Upsampling.Masks> upsamplers) {
        return new StatisticSpec() {
            @Override
            public String describe() {
                return KIND + "(thresholds " + thresholds.digest() + ", " + concepts.size() + " concepts)";
            }

            @Override
            public UnitStatistic create(int[] units, int height, int width) {
                throw new IllegalStateException("IoU tallies need the layer's thresholds");
            }

            @Override
            public UnitStatistic create(String layer, int[] units, int height, int width) {
                IouTally t = new IouTally(units, thresholds.forUnits(layer, units), concepts, masks);
                t.upsampler = upsamplers.apply(layer);
                return t;
            }

            @Override
            public UnitStatistic read(String layer, JsonNode json) {
                IouTally t = fromJson(json);
                t.masks = masks;
                t.upsampler = upsamplers.apply(layer);
                return t;
            }
        };
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public int[] units() {
        return units.clone();
    }

    /** T_k per unit slot. */
    public float[] thresholds() {
        return thresholds.clone();
    }

    /** The concepts scored. */
    public Concepts concepts() {
        return concepts;
    }

    /** Images tallied. */
    public long images() {
        return images;
    }

    /** Σ|M_k ∩ L_c| of unit slot {@code u} and concept {@code c}. */
    public long intersection(int u, int c) {
        return intersection[u * concepts.size() + c];
    }

    /** Σ|M_k| of unit slot {@code u} over the images that annotate category {@code k}. */
    public long unitArea(int u, int category) {
        return unitArea[u * concepts.categories().size() + category];
    }

    /** Σ|L_c|. */
    public long labelArea(int c) {
        return labelArea[c];
    }

    /** IoU_{k,c}: intersection over union of the tallies (0 when the union is empty). */
    public double iou(int u, int c) {
        long i = intersection(u, c);
        long union = unitArea(u, concepts.categoryIndex(concepts.list().get(c).category())) + labelArea[c] - i;
        return union == 0 ? 0 : (double) i / union;
    }

    @Override
    public void update(UnitValues batch) {
        float[] maps = batch.maps();
        int plane = batch.height() * batch.width();
        int nc = concepts.size();
        int nk = concepts.categories().size();
        for (int b = 0; b < batch.count(); b++) {
            ProbeMasks m = masks.apply(batch.images()[b]);
            int px = m.height() * m.width();
            if (mask == null || !mask.fits(batch.height(), batch.width(), m.height(), m.width())) {
                mask = upsampler.of(batch.height(), batch.width(), m.height(), m.width());
            }
            // per layer the concept index of each pixel (-1: none), and the label areas, once per image
            List<int[]> layerConcepts = new ArrayList<>();
            for (ProbeMasks.Layer l : m.layers()) {
                int[] ci = new int[px];
                for (int p = 0; p < px; p++) {
                    int label = l.labels()[p];
                    ci[p] = label == 0 ? -1 : concepts.indexOf(l.category(), label);
                    if (ci[p] >= 0) {
                        labelArea[ci[p]]++;
                    }
                }
                layerConcepts.add(ci);
            }
            List<Integer> wholeConcepts = new ArrayList<>();
            for (var e : m.whole().entrySet()) {
                for (int label : e.getValue()) {
                    int c = concepts.indexOf(e.getKey(), label);
                    if (c >= 0) {
                        wholeConcepts.add(c);
                        labelArea[c] += px;
                    }
                }
            }
            boolean[] annotated = new boolean[nk];
            for (int k = 0; k < nk; k++) {
                annotated[k] = m.annotates(concepts.categories().get(k));
            }
            boolean[] active = new boolean[px];
            for (int u = 0; u < units.length; u++) {
                int on = mask.binarise(maps, (b * units.length + u) * plane, thresholds[u], active);
                if (on == 0) {
                    continue;
                }
                for (int k = 0; k < nk; k++) {
                    if (annotated[k]) {
                        unitArea[u * nk + k] += on;
                    }
                }
                for (int[] ci : layerConcepts) {
                    for (int p = 0; p < px; p++) {
                        if (active[p] && ci[p] >= 0) {
                            intersection[u * nc + ci[p]]++;
                        }
                    }
                }
                for (int c : wholeConcepts) {
                    intersection[u * nc + c] += on;
                }
            }
            images++;
        }
    }

    @Override
    public void merge(UnitStatistic other) {
        UnitStatistic.checkSameUnits(this, other);
        IouTally o = (IouTally) other;
        if (!Arrays.equals(o.thresholds, thresholds) || !o.concepts.equals(concepts)) {
            throw new VisorException("cannot merge IoU tallies made with other thresholds or concepts: shards must share one"
                    + " thresholds.json (pass 1)");
        }
        add(intersection, o.intersection);
        add(unitArea, o.unitArea);
        add(labelArea, o.labelArea);
        images += o.images;
    }

    private static void add(long[] a, long[] b) {
        for (int i = 0; i < a.length; i++) {
            a[i] += b[i];
        }
    }

    @Override
    public ObjectNode toJson() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode o = f.objectNode();
        o.put("kind", KIND);
        ArrayNode us = o.putArray("units");
        ArrayNode ts = o.putArray("thresholds");
        for (int u = 0; u < units.length; u++) {
            us.add(units[u]);
            ts.add(Float.floatToIntBits(thresholds[u]));
        }
        o.set("categories", f.arrayNode().addAll(concepts.categories().stream().map(f::textNode).toList()));
        ArrayNode cs = o.putArray("concepts");
        for (Concepts.Concept c : concepts.list()) {
            cs.addArray().add(c.category()).add(c.label()).add(c.name());
        }
        o.put("images", images);
        o.set("intersection", longs(intersection));
        o.set("unit_area", longs(unitArea));
        o.set("label_area", longs(labelArea));
        return o;
    }

    private static ArrayNode longs(long[] v) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        for (long x : v) {
            a.add(x);
        }
        return a;
    }

    private static void longs(JsonNode a, long[] into, String what) {
        if (a.size() != into.length) {
            throw new VisorException("IoU tally: " + what + " has " + a.size() + " entries, expected " + into.length);
        }
        for (int i = 0; i < into.length; i++) {
            into[i] = a.get(i).asLong();
        }
    }

    /** Reads the {@link #toJson()} form (without a mask source: for merging and reading only). */
    public static IouTally fromJson(JsonNode json) {
        if (!KIND.equals(json.path("kind").asText())) {
            throw new VisorException("not an IoU tally: kind " + json.path("kind"));
        }
        JsonNode us = json.path("units");
        int[] units = new int[us.size()];
        float[] ts = new float[us.size()];
        for (int u = 0; u < units.length; u++) {
            units[u] = us.get(u).asInt();
            ts[u] = Float.intBitsToFloat(json.path("thresholds").get(u).asInt());
        }
        List<String> cats = new ArrayList<>();
        json.path("categories").forEach(c -> cats.add(c.asText()));
        List<Concepts.Concept> cs = new ArrayList<>();
        json.path("concepts").forEach(c -> cs.add(new Concepts.Concept(c.get(0).asText(), c.get(1).asInt(), c.get(2).asText())));
        IouTally t = new IouTally(units, ts, new Concepts(cats, cs), null);
        t.images = json.path("images").asLong();
        longs(json.path("intersection"), t.intersection, "intersection");
        longs(json.path("unit_area"), t.unitArea, "unit_area");
        longs(json.path("label_area"), t.labelArea, "label_area");
        return t;
    }
}
