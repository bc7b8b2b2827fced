package dev.visor.stats.cluster;

/**
 * The Barnes–Hut quadtree of {@link Tsne}: each cell keeps its point count and centre of mass; a
 * cell far enough from the query point (width / distance &lt; θ) stands for all its points.
 */
final class QuadTree {
    private static final int MAX_DEPTH = 40;

    private final double cx;
    private final double cy;
    private final double half;
    private final int depth;
    private int count;
    private double comX;
    private double comY;
    private int[] points = new int[1];
    private int stored;
    private QuadTree[] children;
    private final double[] y;

    private QuadTree(double[] y, double cx, double cy, double half, int depth) {
        this.y = y;
        this.cx = cx;
        this.cy = cy;
        this.half = half;
        this.depth = depth;
    }

    /** A tree over the 2-D points {@code y} (x₀, y₀, x₁, y₁, …). */
    static QuadTree of(double[] y) {
        double minX = Double.POSITIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < y.length / 2; i++) {
            minX = Math.min(minX, y[2 * i]);
            maxX = Math.max(maxX, y[2 * i]);
            minY = Math.min(minY, y[2 * i + 1]);
            maxY = Math.max(maxY, y[2 * i + 1]);
        }
        double half = Math.max(maxX - minX, maxY - minY) / 2 + 1e-5;
        QuadTree t = new QuadTree(y, (minX + maxX) / 2, (minY + maxY) / 2, half, 0);
        for (int i = 0; i < y.length / 2; i++) {
            t.insert(i);
        }
        return t;
    }

    private void insert(int i) {
        double px = y[2 * i];
        double py = y[2 * i + 1];
        comX = (comX * count + px) / (count + 1);
        comY = (comY * count + py) / (count + 1);
        count++;
        if (children == null) {
            if (stored < points.length || depth >= MAX_DEPTH) {
                if (stored == points.length) {
                    points = java.util.Arrays.copyOf(points, points.length * 2);
                }
                points[stored++] = i;
                return;
            }
            children = new QuadTree[4];
            double h = half / 2;
            for (int q = 0; q < 4; q++) {
                children[q] = new QuadTree(y, cx + ((q & 1) == 0 ? -h : h), cy + ((q & 2) == 0 ? -h : h), h, depth + 1);
            }
            for (int s = 0; s < stored; s++) {
                child(points[s]).insert(points[s]);
            }
            stored = 0;
        }
        child(i).insert(i);
    }

    private QuadTree child(int i) {
        return children[(y[2 * i] < cx ? 0 : 1) + (y[2 * i + 1] < cy ? 0 : 2)];
    }

    /**
     * Adds point i's unnormalised repulsion: acc[0] += Σ_j q_ij·Z, acc[1..2] += Σ_j (q_ij·Z)² (y_i − y_j), j ≠ i.
     */
    void repulsion(int i, double px, double py, double theta, double[] acc) {
        if (count == 0) {
            return;
        }
        if (children == null) {
            for (int s = 0; s < stored; s++) {
                int j = points[s];
                if (j != i) {
                    add(px - y[2 * j], py - y[2 * j + 1], 1, acc);
                }
            }
            return;
        }
        double dx = px - comX;
        double dy = py - comY;
        double d2 = dx * dx + dy * dy;
        if ((2 * half) * (2 * half) < theta * theta * d2) {
            add(dx, dy, count, acc);
            return;
        }
        for (QuadTree c : children) {
            c.repulsion(i, px, py, theta, acc);
        }
    }

    private static void add(double dx, double dy, int weight, double[] acc) {
        double q = 1 / (1 + dx * dx + dy * dy);
        acc[0] += weight * q;
        acc[1] += weight * q * q * dx;
        acc[2] += weight * q * q * dy;
    }
}
