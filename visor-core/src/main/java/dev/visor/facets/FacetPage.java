package dev.visor.facets;

import dev.visor.report.HtmlReportWriter;
import dev.visor.report.Report;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One HTML page of a facet run, written into the run's folder beside {@link FacetWriter}'s files: the k facet
 * renders, the montage of each facet's real cluster, the t-SNE scatter, and the numbers (cluster sizes,
 * activations against the top-N mean). The demo writes one per class and links them from its main report.
 */
public final class FacetPage {
    /** File name of the page inside the run's folder. */
    public static final String FILE = "index.html";

    private FacetPage() {}

    /**
     * Writes {@code dir/index.html}.
     *
     * @param title the page's heading (e.g. the class name)
     * @param up    link back to the main report, relative to {@code dir}, or null
     * @return the page's path
     */
    public static Path write(FacetResult r, FacetWriter.Written w, String title, String up) {
        Path dir = w.json().getParent();
        double bar = r.top().meanActivation();
        FacetSettings s = r.settings();
        List<Report.Section> sections = new ArrayList<>();
        Report.SectionBuilder renders = new Report.SectionBuilder("Facets").text(String.format(
                "%d facet images of %s: each rendered from the mean of the %d images nearest its cluster's centre (preset '%s',"
                        + " %d steps). The unit's top %d images have mean activation %.3f; every caption gives the render's"
                        + " activation and its start's. Click a render for its cluster's images.",
                r.facets().size(), s.objective(), s.meanImages(), s.render().preset(), s.render().steps(), r.top().size(), bar));
        Report.SectionBuilder clusters = new Report.SectionBuilder("Real images of each facet")
                .text("The cluster's images by falling activation (at most " + FacetWriter.MONTAGE + ").");
        Report.SectionBuilder numbers = new Report.SectionBuilder("Numbers").text(String.format(
                "Embedding layer %s, PCA to %d dimensions, t-SNE (perplexity %.0f, %d iterations), k-means++ with k = %d%s; seconds by stage %s.",
                r.embedLayer(), s.pcaDims(), s.perplexity(), s.tsneIterations(), r.facets().size(),
                Double.isNaN(r.silhouette()) ? "" : String.format(", silhouette %.3f", r.silhouette()), seconds(r)))
                .header("facet", "cluster size", "activation", "start activation", "≥ top-" + r.top().size() + " mean " + String.format("%.3f", bar));
        for (int i = 0; i < r.facets().size(); i++) {
            Facet f = r.facets().get(i);
            String render = dir.relativize(w.renders().get(i)).toString();
            String montage = dir.relativize(w.montages().get(i)).toString();
            renders.figure(render, String.format("facet %d: %d images, activation %.2f (from %.2f)", f.index(), f.size(),
                    f.activation(), f.startActivation()), montage, 112);
            clusters.figure(montage, String.format("facet %d: %d images", f.index(), f.size()), montage, 240);
            numbers.row(f.index(), f.size(), String.format("%.3f", f.activation()), String.format("%.3f", f.startActivation()),
                    f.activation() >= bar ? "yes" : "no");
        }
        sections.add(renders.build());
        sections.add(clusters.build());
        sections.add(new Report.SectionBuilder("t-SNE").text("The top images in the t-SNE plane, coloured by cluster; each"
                + " facet's render at its cluster's centre.").figure(dir.relativize(w.scatter()).toString(), "t-SNE scatter",
                dir.relativize(w.scatter()).toString(), 720).build());
        sections.add(numbers.build());
        Report page = new Report(title, "model " + r.model() + ", objective " + s.objective() + ", seed " + s.seed(), sections);
        return new HtmlReportWriter().writePage(page, dir.resolve(FILE), up);
    }

    private static String seconds(FacetResult r) {
        StringBuilder b = new StringBuilder();
        r.seconds().forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k).append(String.format(" %.1f", v)));
        return b.toString();
    }
}
