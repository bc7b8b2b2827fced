package dev.visor.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A browsable report: a title and sections, each with text, an optional table and images.
 * Written as static HTML by {@link HtmlReportWriter}.
 *
 * @param title    page title
 * @param subtitle one line under it (model, data, seed)
 * @param sections the sections in order
 */
public record Report(String title, String subtitle, List<Section> sections) {
    /** Copies the list. */
    public Report {
        sections = List.copyOf(sections);
    }

    /**
     * One section.
     *
     * @param title   heading
     * @param text    paragraph (plain text)
     * @param header  table header cells (empty for no table)
     * @param rows    table rows
     * @param figures images with captions
     */
    public record Section(String title, String text, List<String> header, List<List<String>> rows, List<Figure> figures) {
        /** Copies the lists. */
        public Section {
            header = List.copyOf(header);
            rows = rows.stream().map(List::copyOf).toList();
            figures = List.copyOf(figures);
        }
    }

    /**
     * An image in a section.
     *
     * @param src     path relative to the report's folder
     * @param caption text under it
     * @param link    optional link target (e.g. a JSON sidecar), or null
     * @param width   display width in CSS pixels
     */
    public record Figure(String src, String caption, String link, int width) {
        /** A figure at the default width (160 px). */
        public Figure(String src, String caption, String link) {
            this(src, caption, link, 160);
        }
    }

    /** Builds a section step by step. */
    public static final class SectionBuilder {
        private final String title;
        private String text = "";
        private List<String> header = List.of();
        private final List<List<String>> rows = new ArrayList<>();
        private final List<Figure> figures = new ArrayList<>();

        /** @param title the heading */
        public SectionBuilder(String title) {
            this.title = title;
        }

        /** Adds an image shown at {@code width} CSS pixels. */
        public SectionBuilder figure(String src, String caption, String link, int width) {
            figures.add(new Figure(src, caption, link, width));
            return this;
        }

        /** Sets the paragraph. */
        public SectionBuilder text(String t) {
            this.text = t;
            return this;
        }

        /** Sets the table header. */
        public SectionBuilder header(String... cells) {
            this.header = List.of(cells);
            return this;
        }

        /** Adds a table row. */
        public SectionBuilder row(Object... cells) {
            List<String> r = new ArrayList<>();
            for (Object c : cells) {
                r.add(String.valueOf(c));
            }
            rows.add(r);
            return this;
        }

        /** Adds an image. */
        public SectionBuilder figure(String src, String caption, String link) {
            figures.add(new Figure(src, caption, link));
            return this;
        }

        /** The section. */
        public Section build() {
            return new Section(title, text, header, rows, figures);
        }
    }
}
