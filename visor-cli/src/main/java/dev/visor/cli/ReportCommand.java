package dev.visor.cli;

import dev.visor.report.gallery.GalleryJob;
import dev.visor.report.gallery.GalleryResult;
import dev.visor.report.gallery.GallerySettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code visor report}: a static, self-contained gallery site of any run directories. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Build a static gallery site from run directories (any Visor command's output, found by their JSON sidecars):",
                "an index of models and layers, per layer a grid of units, per unit every result with its settings.",
                "Images are copied into the site; open SITE/index.html from disk, no server needed."})
public final class ReportCommand implements Callable<Integer> {
    @Option(names = "--runs", arity = "1..*", required = true, paramLabel = "DIR", description = "run directories (searched recursively)")
    List<Path> runs;

    @Option(names = "--out", required = true, paramLabel = "SITE", description = "the site's folder")
    Path out;

    @Option(names = "--title", defaultValue = GallerySettings.TITLE, description = "heading of the index page (default ${DEFAULT-VALUE})")
    String title;

    @Override
    public Integer call() {
        GalleryResult r = GalleryJob.run(GallerySettings.of(runs, out).withTitle(title), w -> System.err.println("visor: warning: " + w));
        System.err.printf(Locale.ROOT, "gallery: %d sidecars → %d models, %d layers, %d unit pages, %d images, %.1f MB in %.1f s%s%n",
                r.sidecars(), r.models(), r.layers(), r.units(), r.images(), r.bytes() / 1e6, r.seconds(),
                r.warnings().isEmpty() ? "" : " (" + r.warnings().size() + " skipped, see warnings)");
        System.out.println("gallery: " + r.index().toAbsolutePath());
        return 0;
    }
}
