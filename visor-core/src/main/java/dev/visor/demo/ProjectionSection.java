package dev.visor.demo;

import ai.djl.ndarray.NDManager;
import dev.visor.attribution.Attributor;
import dev.visor.model.Model;
import dev.visor.project.ProjectJob;
import dev.visor.project.ProjectSettings;
import dev.visor.project.ProjectWriter;
import dev.visor.report.OutputDir;
import dev.visor.report.Report;
import dev.visor.report.Sidecar;
import java.nio.file.Path;

/**
 * One Zeiler–Fergus figure in the demo: the strongest units of the last spatial layer (Grad-CAM's default
 * layer) for the demo image, projected to pixels by the same {@link ProjectJob} and {@link ProjectWriter} as
 * {@code visor project}.
 */
public final class ProjectionSection implements DemoSection {
    @Override
    public Report.Section run(DemoContext ctx) {
        Model model = ctx.model();
        try (NDManager m = model.manager().newSubManager()) {
            DemoImage img = DemoImage.of(ctx, m);
            if (img == null) {
                return null;
            }
            String layer = new Attributor(model).defaultLayer(null);
            ProjectJob.Result r = ProjectJob.run(model, img.tensor(), ProjectSettings.of(layer));
            Path png = ProjectWriter.write(model, img.name(), r, OutputDir.prepare(ctx.out().resolve("projection")));
            Report.SectionBuilder b = new Report.SectionBuilder("Zeiler–Fergus projections")
                    .text("The " + r.units().size() + " units of layer '" + layer + "' that respond most strongly to " + img.name()
                            + ", each projected alone down to the pixels (Zeiler and Fergus 2014: unpool through the max-pool"
                            + " switches, rectify, transposed filters). Per row: the projection (signed, grey = 0), the projection in"
                            + " the unit's receptive field, and the image in it.")
                    .header("unit", "position (x, y)", "activation");
            for (ProjectJob.Unit u : r.units()) {
                b.row(layer + ":" + u.channel(), "(" + u.x() + ", " + u.y() + ")", String.format("%.3g", u.activation()));
            }
            b.figure(ctx.out().relativize(png).toString().replace('\\', '/'), layer,
                    ctx.out().relativize(Sidecar.pathFor(png)).toString().replace('\\', '/'), 300);
            return b.build();
        }
    }
}
