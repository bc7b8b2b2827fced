package dev.visor.demo;

import dev.visor.engine.RunRandom;
import dev.visor.io.ModelLoader;
import dev.visor.model.Model;
import dev.visor.report.HtmlReportWriter;
import dev.visor.report.Report;
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

    /**
     * Runs every section and writes {@code out/index.html}.
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
            return new HtmlReportWriter().write(report, settings.out());
        }
    }
}
