package dev.visor.demo;

import dev.visor.VisorException;
import dev.visor.engine.RunRandom;
import dev.visor.io.ModelLoader;
import dev.visor.model.Model;
import dev.visor.report.HtmlReportWriter;
import dev.visor.report.Report;
import dev.visor.report.gallery.GalleryJob;
import dev.visor.report.gallery.GallerySettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** The main job on the built-in default: loads the model and writes a browsable report of every method. */
public final class DemoJob {
    private final List<DemoSection> sections;

    /** @param sections the sections, in report order */
    public DemoJob(List<DemoSection> sections) {
        this.sections = List.copyOf(sections);
    }

    /** The standard demo. */
    public static DemoJob standard() {
        return new DemoJob(List.of(new ModelSection(), new EvaluationSection(), new SamplesSection(), new ClassificationSection(), new AttributionSection(), new RenderSection(), new DgnAmSection(), new PpgnSection(),
                new FacetsSection(), new InversionSection(), new ProjectionSection(), new SanitySection(), new DissectSection()));
    }

    /** Where {@link #run} writes the gallery of the demo's run directories: {@code out/gallery/index.html}. */
    public static Path galleryIndex(DemoSettings settings) {
        return settings.out().resolve("gallery").resolve("index.html");
    }

    /**
     * Runs every section, writes {@code out/index.html}, then the gallery of everything the sections wrote
     * ({@link #galleryIndex}; skipped when they wrote no sidecars).
     *
     * @param progress receives one line per section as it starts
     * @return the report's path
     */
    public Path run(DemoSettings settings, Consumer<String> progress) {
        try (Model model = ModelLoader.load(settings.model())) {
            DemoContext ctx = new DemoContext(settings, model, new RunRandom(settings.seed()));
            List<Report.Section> done = new ArrayList<>();
            for (DemoSection s : sections) {
                progress.accept("demo: " + s.getClass().getSimpleName().replace("Section", "").toLowerCase() + "...");
                Report.Section r = s.run(ctx);
                if (r != null) {
                    done.add(r);
                }
            }
            Report report = new Report("Visor report: " + model.source(),
                    "model " + settings.model() + (settings.data() == null ? "" : ", data " + settings.data()) + ", seed " + settings.seed(), done);
            Path index = new HtmlReportWriter().write(report, settings.out());
            gallery(settings, progress);
            return index;
        }
    }

    private static void gallery(DemoSettings settings, Consumer<String> progress) {
        progress.accept("demo: gallery...");
        Path site = galleryIndex(settings).getParent();
        try {
            GalleryJob.run(GallerySettings.of(List.of(settings.out()), site).withTitle("Visor gallery: " + settings.model()),
                    w -> progress.accept("demo: gallery: " + w));
        } catch (VisorException e) {
            // e.g. sections that wrote no sidecars; the report above is complete without it
            progress.accept("demo: gallery skipped: " + e.getMessage());
        }
    }
}
