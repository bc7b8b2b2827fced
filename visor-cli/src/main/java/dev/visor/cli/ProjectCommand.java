package dev.visor.cli;

import ai.djl.ndarray.NDManager;
import dev.visor.attribution.InputImage;
import dev.visor.model.Model;
import dev.visor.project.ProjectJob;
import dev.visor.project.ProjectSettings;
import dev.visor.project.ProjectWriter;
import dev.visor.report.OutputDir;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code visor project}: Zeiler–Fergus DeconvNet projections of a layer's strongest units for one image. */
@Command(name = "project", mixinStandardHelpOptions = true,
        description = {"Project a layer's strongest units for an image down to pixels (Zeiler and Fergus's DeconvNet:",
            "unpool through the max-pool switches, rectify, transposed filters). Writes projections.png (per unit: the",
            "projection, the projection in the unit's receptive field, the image in it) and projections.json."})
public final class ProjectCommand implements Callable<Integer> {
    @Mixin
    ModelOptionsMixin modelOptions;

    @Option(names = {"-i", "--image"}, required = true, paramLabel = "IMAGE", description = "the image")
    Path image;

    @Option(names = "--layer", required = true, paramLabel = "LAYER", description = "a layer with a spatial map")
    String layer;

    @Option(names = "--top-units", defaultValue = "9", paramLabel = "N", description = "units, strongest first (default ${DEFAULT-VALUE})")
    int topUnits;

    @Option(names = "--out", defaultValue = "projections", paramLabel = "DIR", description = "output folder (default ${DEFAULT-VALUE})")
    Path out;

    @Override
    public Integer call() {
        ProjectSettings s = ProjectSettings.of(layer).withTopUnits(topUnits);
        try (Model model = modelOptions.load()) {
            ProjectJob.requireSpatial(model, layer);
            OutputDir.prepare(out);
            try (NDManager m = model.manager().newSubManager()) {
                InputImage in = InputImage.read(image, model, m);
                if (in.resized()) {
                    System.out.println(in.resizeNote(image));
                }
                ProjectJob.Result r = ProjectJob.run(model, in.tensor(), s);
                for (ProjectJob.Unit u : r.units()) {
                    System.out.printf("%s:%d at (%d, %d) = %.4g, receptive field x %d-%d, y %d-%d%n", layer, u.channel(), u.x(), u.y(),
                            u.activation(), u.field().x0(), u.field().x1(), u.field().y0(), u.field().y1());
                }
                System.out.println("-> " + ProjectWriter.write(model, image.toString(), r, out));
            }
        }
        return 0;
    }
}
