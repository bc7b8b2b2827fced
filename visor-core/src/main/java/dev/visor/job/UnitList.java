package dev.visor.job;

import dev.visor.VisorException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** Unit lists as users write them: {@code 0-63} or {@code 1,4,9-12}. */
public final class UnitList {
    private UnitList() {}

    /** Parses a unit list (sorted, without duplicates); a one-line error naming the bad part. */
    public static List<Integer> parse(String s) {
        TreeSet<Integer> set = new TreeSet<>();
        for (String part : s.split(",")) {
            String t = part.trim();
            try {
                int dash = t.indexOf('-', 1);
                if (dash > 0) {
                    int a = Integer.parseInt(t.substring(0, dash).trim());
                    int b = Integer.parseInt(t.substring(dash + 1).trim());
                    if (a > b || a < 0 || b - a > 10_000_000) {
                        throw new NumberFormatException();
                    }
                    set.addAll(range(a, b + 1));
                } else {
                    int u = Integer.parseInt(t);
                    if (u < 0) {
                        throw new NumberFormatException();
                    }
                    set.add(u);
                }
            } catch (NumberFormatException e) {
                throw new VisorException("bad --units '" + s + "' at '" + t + "'; write e.g. 0-63 or 1,4,9-12");
            }
        }
        return new ArrayList<>(set);
    }

    /** The units {@code from} (inclusive) to {@code to} (exclusive). */
    public static List<Integer> range(int from, int to) {
        List<Integer> r = new ArrayList<>(Math.max(0, to - from));
        for (int i = from; i < to; i++) {
            r.add(i);
        }
        return r;
    }
}
