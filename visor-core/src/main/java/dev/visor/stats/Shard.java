package dev.visor.stats;

import dev.visor.VisorException;
import java.util.ArrayList;
import java.util.List;

/**
 * Part {@code index} of {@code count} of a dataset pass. Batches are defined on the whole dataset
 * (batch b holds items [b·size, (b+1)·size)), and a shard takes every {@code count}-th batch starting at
 * {@code index} (strided, so shards get near-equal work and the short last batch stays last). The union
 * of the shards is exactly the batches of one unsharded pass.
 *
 * @param index 0-based shard index
 * @param count number of shards (1: the whole pass)
 */
public record Shard(int index, int count) {
    /** The whole pass. */
    public static final Shard ALL = new Shard(0, 1);

    /** Checks the range. */
    public Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new VisorException("shard must be i/N with N ≥ 1 and 0 ≤ i < N, got " + index + "/" + count);
        }
    }

    /** Parses {@code i/N}. */
    public static Shard parse(String s) {
        String[] p = s.strip().split("/");
        try {
            if (p.length == 2) {
                return new Shard(Integer.parseInt(p[0].strip()), Integer.parseInt(p[1].strip()));
            }
        } catch (NumberFormatException e) {
            // fall through to the message
        }
        throw new VisorException("--shard must be i/N (e.g. 0/4), got '" + s + "'");
    }

    /** The global batch indices of this shard, in order, out of {@code batches}. */
    public List<Integer> batches(int batches) {
        List<Integer> out = new ArrayList<>();
        for (int b = index; b < batches; b += count) {
            out.add(b);
        }
        return out;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
