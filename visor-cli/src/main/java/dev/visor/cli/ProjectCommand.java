package dev.visor.cli;

import ai.djl.ndarray.NDManager;
import dev.visor.attribution.InputImage;
import dev.visor.model.Model;
import dev.visor.project.ProjectJob;
import dev.visor.project.ProjectSettings;
import dev.visor.project.ProjectWriter;
import dev.visor.data.Dataset;
import dev.visor.data.Datasets;
import dev.visor.data.Split;
import dev.visor.report.OutputDir;
import dev.visor.top.TopJob;
import dev.visor.top.TopResult;
import dev.visor.top.TopSettings;
import dev.visor.top.TopWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    @Option(names = "--data", paramLabel = "DATA",
            description = "also each unit's top dataset patches (visor top's pass over DATA, receptive-field crops) beside its projection")
    String data;

    @Option(names = "--data-limit", defaultValue = "1000", paramLabel = "N", description = "use the first N images of DATA (default ${DEFAULT-VALUE}; 0: all)")
    int dataLimit;

    @Option(names = "--out", defaultValue = "projections", paramLabel = "DIR", description = "output folder (default ${DEFAULT-VALUE})")
    Path out;

    @Override
    public Integer call() {
        ProjectSettings s = ProjectSettings.of(layer).withTopUnits(topUnits);
        try (Model model = modelOptions.load()) {
            ProjectJob.requireSpatial(model, layer);
            if (dataLimit < 0) {
                throw new dev.visor.VisorException("--data-limit must be 0 (all) or positive, got " + dataLimit);
            }
            Dataset set = null;
            if (data != null) {
                Dataset d = Datasets.open(data, Split.TEST);
                set = dataLimit > 0 ? d.head(dataLimit) : d;
            }
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
                Map<Integer, Path> patches = new HashMap<>();
                if (set != null) {
                    List<Integer> channels = r.units().stream().map(ProjectJob.Unit::channel).toList();
                    TopSettings ts = TopSettings.defaults().withLayers(layer).withUnits(channels).withPatches(true);
                    TopResult top = TopJob.run(model, set, ts, new PassProgress("top " + layer)).withData(data);
                    TopWriter.write(top, set, model, out.resolve("top"));
                    for (int c : channels) {
                        patches.put(c, out.resolve("top").resolve(TopWriter.folderName(layer)).resolve(String.format("unit_%04d.png", c)));
                    }
                }
                System.out.println("-> " + ProjectWriter.write(model, image.toString(), r, out, set == null ? null : data, patches));
            }
        }
        return 0;
    }
}
