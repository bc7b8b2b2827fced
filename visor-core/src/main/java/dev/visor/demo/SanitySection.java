package dev.visor.demo;

import ai.djl.ndarray.NDManager;
import dev.visor.attribution.AttributionMethod;
import dev.visor.model.Model;
import dev.visor.report.OutputDir;
import dev.visor.report.Report;
import dev.visor.report.Sidecar;
import dev.visor.sanity.SanityJob;
import dev.visor.sanity.SanitySettings;
import dev.visor.sanity.SanityWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The sanity checks in the demo: the model-parameter randomisation test of each attribution method on the
 * demo image, through the same {@link SanityJob} and {@link SanityWriter} as {@code visor sanity}, over the top
 * {@value #DEPTH} weighted layers.
 */
public final class SanitySection implements DemoSection {
    /** Weighted layers randomised from the top: all of a small net, a short cascade of a deep one. */
    private static final int DEPTH = 4;

    @Override
    public Report.Section run(DemoContext ctx) {
        Model model = ctx.model();
        try (NDManager m = model.manager().newSubManager()) {
            DemoImage img = DemoImage.of(ctx, m);
            if (img == null) {
                return null;
            }
            SanitySettings s = SanitySettings.defaults().withDepth(DEPTH).withSeed(dev.visor.engine.RunRandom.derive(ctx.settings().seed(), "sanity"));
            Path dir = OutputDir.prepare(ctx.out().resolve("sanity"));
            SanityJob.Result r = SanityJob.run(model, img.tensor(), s);
            Path png = SanityWriter.write(model, img.name(), r, dir);
            List<String> header = new ArrayList<>(List.of("randomised", "layer", "layers"));
            for (AttributionMethod meth : r.methods()) {
                header.add(meth.key() + " ρ");
                header.add(meth.key() + " SSIM");
            }
            Report.SectionBuilder b = new Report.SectionBuilder("Sanity checks")
                    .text("Do the attribution maps of " + img.name() + " depend on what the model learned? (Adebayo et al. 2018)"
                            + " Each row re-runs every method with weights re-drawn at random: cascading from the top layer down,"
                            + " or one layer alone; the numbers are the Spearman rank correlation and SSIM of |map| with the trained"
                            + " model's map. A method that passes falls towards 0 as layers are randomised. Target: the trained"
                            + " model's top-1 class. Seed " + s.seed() + ".")
                    .header(header.toArray(String[]::new));
            for (SanityJob.Row row : r.rows()) {
                List<Object> cells = new ArrayList<>(List.of(row.mode().name().toLowerCase(Locale.ROOT), row.layer(), row.count()));
                for (int i = 0; i < r.methods().size(); i++) {
                    cells.add(String.format(Locale.ROOT, "%.3f", row.spearman()[i]));
                    cells.add(String.format(Locale.ROOT, "%.3f", row.ssim()[i]));
                }
                b.row(cells.toArray());
            }
            b.figure(ctx.out().relativize(png).toString().replace('\\', '/'), String.format("%d randomised models in %.1f s",
                    r.rows().size(), r.seconds()), ctx.out().relativize(Sidecar.pathFor(png)).toString().replace('\\', '/'), 600);
            return b.build();
        }
    }
}
