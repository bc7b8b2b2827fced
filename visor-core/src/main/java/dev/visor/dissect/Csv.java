package dev.visor.dissect;

import dev.visor.VisorException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The CSV dialect of Broden's files: comma-separated, double quotes around cells that hold commas, a header row. */
final class Csv {
    private Csv() {}

    /** A data row and its line number in the file (the header is line 1). */
    record Row(int line, List<String> cells) {
        String cell(int i) {
            return i < cells.size() ? cells.get(i) : "";
        }
    }

    /** The header's cells. */
    static List<String> header(Path file) {
        List<String> lines = lines(file);
        if (lines.isEmpty()) {
            throw new VisorException(file + " is empty; it needs a header row");
        }
        return split(lines.get(0), file, 1);
    }

    /** The data rows (blank lines skipped). */
    static List<Row> rows(Path file) {
        List<String> lines = lines(file);
        List<Row> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
                rows.add(new Row(i + 1, split(lines.get(i), file, i + 1)));
            }
        }
        return rows;
    }

    private static List<String> lines(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new VisorException("missing " + file + " (a Broden-format probe set has index.csv, label.csv and category.csv)");
        }
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new VisorException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static List<String> split(String line, Path file, int lineNo) {
        List<String> out = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cell.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                out.add(cell.toString().strip());
                cell.setLength(0);
            } else {
                cell.append(ch);
            }
        }
        if (quoted) {
            throw new VisorException(file + " line " + lineNo + ": a quote is not closed");
        }
        out.add(cell.toString().strip());
        return out;
    }

    /** Quotes a cell when it holds a comma or a quote. */
    static String quote(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
