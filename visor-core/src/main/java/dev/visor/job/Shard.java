package dev.visor.job;

import dev.visor.VisorException;

/**
 * One process's share of a job split into work items defined on the whole job (batches of units,
 * batches of images): shard {@code index} of {@code count} takes items {@code index}, {@code index + count}, ...
 * Because items are formed before they are shared out, a result never depends on the split.
 *
 * @param index this shard, 0 ≤ index < count
 * @param count number of shards, ≥ 1
 */
public record Shard(int index, int count) {
    /** The whole job in one process. */
    public static final Shard ALL = new Shard(0, 1);

    /** Checks the range. */
    public Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new VisorException("bad shard " + index + "/" + count + "; write I/N with 0 <= I < N, e.g. 0/4");
        }
    }

    /** Parses {@code i/N}; a one-line error otherwise. */
    public static Shard parse(String s) {
        String[] p = s.split("/");
        try {
            if (p.length == 2) {
                int i = Integer.parseInt(p[0].trim());
                int n = Integer.parseInt(p[1].trim());
                if (n >= 1 && i >= 0 && i < n) {
                    return new Shard(i, n);
                }
            }
        } catch (NumberFormatException e) {
            // fall through to the error below
        }
        throw new VisorException("bad --shard '" + s + "'; write I/N with 0 <= I < N, e.g. 0/4");
    }

    /** True if work item {@code item} (numbered on the whole job from 0) belongs to this shard. */
    public boolean owns(int item) {
        return item % count == index;
    }

    /** The work items of this shard, in order, out of {@code items} numbered from 0. */
    public java.util.List<Integer> batches(int items) {
        java.util.List<Integer> out = new java.util.ArrayList<>();
        for (int b = index; b < items; b += count) {
            out.add(b);
        }
        return out;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
