package dev.visor.stats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.visor.VisorException;
import java.util.ArrayList;
import java.util.List;

/**
 * Per-unit top-k images of a layer: for each unit the {@code k} images with the largest unit value
 * ({@link UnitValues}: a channel's spatial maximum), with the position of that maximum.
 *
 * <p>Entries are ranked by a total order — larger value first, then smaller image id, then smaller
 * position ({@code y * width + x}); {@link Float#compare} orders the values, so NaN ranks above every
 * number and −0 below +0. Because the order is total and each image is seen once per unit, the kept set
 * is the first {@code k} of the union of everything seen: {@link #merge} of shards (in any order, any
 * grouping) and a resumed pass give exactly the single-pass result.
 */
public final class TopK implements UnitStatistic {
    /** Kind name in the JSON form. */
    public static final String KIND = "top-k";

    /** One kept example. */
    public record Entry(int image, int y, int x, float value) {}

    private final int k;
    private final int[] units;
    private final int height;
    private final int width;
    private final int[] size;
    private final int[][] images;
    private final int[][] positions;
    private final float[][] values;

    /**
     * An empty top-k.
     *
     * @param k      examples kept per unit (positive)
     * @param units  the units covered
     * @param height layer map height (positions are {@code y * width + x})
     * @param width  layer map width
     */
    public TopK(int k, int[] units, int height, int width) {
        if (k <= 0) {
            throw new VisorException("k must be positive, got " + k);
        }
        this.k = k;
        this.units = units.clone();
        this.height = height;
        this.width = width;
        this.size = new int[units.length];
        this.images = new int[units.length][k];
        this.positions = new int[units.length][k];
        this.values = new float[units.length][k];
    }

    /** The spec that makes top-{@code k} statistics. */
    public static StatisticSpec spec(int k) {
        return new StatisticSpec() {
            @Override
            public String describe() {
                return KIND + "(k=" + k + ")";
            }

            @Override
            public UnitStatistic create(int[] units, int height, int width) {
                return new TopK(k, units, height, width);
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

    /** Examples kept per unit. */
    public int k() {
        return k;
    }

    /** Layer map height. */
    public int height() {
        return height;
    }

    /** Layer map width. */
    public int width() {
        return width;
    }

    /** The kept examples of unit slot {@code u}, best first. */
    public List<Entry> entries(int u) {
        List<Entry> out = new ArrayList<>(size[u]);
        for (int i = 0; i < size[u]; i++) {
            out.add(new Entry(images[u][i], positions[u][i] / width, positions[u][i] % width, values[u][i]));
        }
        return out;
    }

    @Override
    public void update(UnitValues batch) {
        if (!java.util.Arrays.equals(batch.units(), units)) {
            throw new IllegalArgumentException("batch covers other units than this top-k");
        }
        // Candidates: entries that rank before each unit's current last one, whatever their position (images are
        // distinct, so position only breaks ties between entries of one image). Their positions come in one request.
        int[] slots = new int[batch.count() * units.length];
        int n = 0;
        for (int b = 0; b < batch.count(); b++) {
            int image = batch.images()[b];
            for (int u = 0; u < units.length; u++) {
                int last = size[u] - 1;
                if (size[u] < k || before(batch.value(b, u), image, Integer.MIN_VALUE, values[u][last], images[u][last],
                        positions[u][last])) {
                    slots[n++] = b * units.length + u;
                }
            }
        }
        batch.resolve(java.util.Arrays.copyOf(slots, n));
        for (int i = 0; i < n; i++) {
            int b = slots[i] / units.length;
            int u = slots[i] % units.length;
            offer(u, batch.images()[b], batch.position(b, u), batch.value(b, u));
        }
    }

    @Override
    public void merge(UnitStatistic other) {
        UnitStatistic.checkSameUnits(this, other);
        TopK o = (TopK) other;
        if (o.k != k || o.height != height || o.width != width) {
            throw new VisorException("cannot merge top-" + o.k + " over a " + o.height + "×" + o.width + " map into top-" + k
                    + " over " + height + "×" + width);
        }
        for (int u = 0; u < units.length; u++) {
            for (int i = 0; i < o.size[u]; i++) {
                offer(u, o.images[u][i], o.positions[u][i], o.values[u][i]);
            }
        }
    }

    /** True if (a) ranks before (b) in the total order of the class comment. */
    static boolean before(float va, int ia, int pa, float vb, int ib, int pb) {
        int c = Float.compare(vb, va);
        if (c != 0) {
            return c < 0;
        }
        if (ia != ib) {
            return ia < ib;
        }
        return pa < pb;
    }

    private void offer(int u, int image, int pos, float value) {
        int n = size[u];
        int[] im = images[u];
        int[] ps = positions[u];
        float[] vs = values[u];
        if (n == k && !before(value, image, pos, vs[n - 1], im[n - 1], ps[n - 1])) {
            return;
        }
        int i = Math.min(n, k - 1);
        while (i > 0 && before(value, image, pos, vs[i - 1], im[i - 1], ps[i - 1])) {
            vs[i] = vs[i - 1];
            im[i] = im[i - 1];
            ps[i] = ps[i - 1];
            i--;
        }
        vs[i] = value;
        im[i] = image;
        ps[i] = pos;
        size[u] = Math.min(k, n + 1);
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("kind", KIND);
        o.put("k", k);
        o.put("height", height);
        o.put("width", width);
        ArrayNode us = o.putArray("units");
        ArrayNode all = o.putArray("entries");
        for (int u = 0; u < units.length; u++) {
            us.add(units[u]);
            ArrayNode list = all.addArray();
            for (int i = 0; i < size[u]; i++) {
                ArrayNode e = list.addArray().add(images[u][i]).add(positions[u][i]);
                Json.add(e, values[u][i]);
            }
        }
        return o;
    }

    /** Reads the {@link #toJson()} form. */
    public static TopK fromJson(JsonNode json) {
        int[] units = Json.ints(json.path("units"));
        TopK t = new TopK(json.path("k").asInt(), units, json.path("height").asInt(), json.path("width").asInt());
        JsonNode all = json.path("entries");
        for (int u = 0; u < units.length; u++) {
            for (JsonNode e : all.get(u)) {
                t.offer(u, e.get(0).asInt(), e.get(1).asInt(), Json.toFloat(e.get(2)));
            }
        }
        return t;
    }
}
