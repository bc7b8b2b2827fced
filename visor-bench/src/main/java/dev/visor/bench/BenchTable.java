package dev.visor.bench;

import java.util.ArrayList;
import java.util.List;

/** A plain-text results table, printed to stdout and pasted into BENCHMARKS.md. */
final class BenchTable {
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    BenchTable(String... header) {
        this.header = List.of(header);
    }

    void row(Object... cells) {
        List<String> r = new ArrayList<>();
        for (Object c : cells) {
            r.add(c instanceof Double d ? String.format("%.2f", d) : String.valueOf(c));
        }
        rows.add(r);
    }

    /** Markdown table. */
    String render() {
        StringBuilder sb = new StringBuilder();
        sb.append("| ").append(String.join(" | ", header)).append(" |\n");
        sb.append("|").append("---|".repeat(header.size())).append("\n");
        for (List<String> r : rows) {
            sb.append("| ").append(String.join(" | ", r)).append(" |\n");
        }
        return sb.toString();
    }
}
