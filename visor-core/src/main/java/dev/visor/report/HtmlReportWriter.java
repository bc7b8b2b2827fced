package dev.visor.report;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import dev.visor.VisorException;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Writes a {@link Report} as one static HTML page (mustache template, no scripts, no network). */
public final class HtmlReportWriter {
    private final Mustache template = new DefaultMustacheFactory("dev/visor/report").compile("report.mustache");

    /** Writes {@code dir/index.html} and returns its path. */
    public Path write(Report report, Path dir) {
        return writePage(report, dir.resolve("index.html"), null);
    }

    /**
     * Writes one page of a report (same template) to {@code file}, e.g. a per-class page under the main report.
     *
     * @param up a link back to the main page, relative to {@code file}'s folder, or null for none
     */
    public Path writePage(Report report, Path file, String up) {
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            Map<String, Object> scope = scope(report);
            if (up != null) {
                scope.put("up", up);
            }
            try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                template.execute(w, scope).flush();
            }
            return file;
        } catch (IOException e) {
            throw new VisorException("cannot write report " + file + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> scope(Report r) {
        Map<String, Object> m = new HashMap<>();
        m.put("title", r.title());
        m.put("subtitle", r.subtitle());
        m.put("sections", r.sections().stream().map(s -> {
            Map<String, Object> sm = new HashMap<>();
            sm.put("title", s.title());
            sm.put("text", s.text());
            sm.put("hasTable", !s.header().isEmpty());
            sm.put("header", s.header());
            sm.put("rows", s.rows().stream().map(row -> Map.of("cells", row)).toList());
            sm.put("figures", s.figures());
            return sm;
        }).toList());
        return m;
    }

}
