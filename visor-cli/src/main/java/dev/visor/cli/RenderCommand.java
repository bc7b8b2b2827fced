package dev.visor.cli;

import dev.visor.model.Model;
import dev.visor.optvis.RenderJob;
import dev.visor.optvis.RenderJobSettings;
import dev.visor.optvis.RenderListener;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code visor render}: activation maximisation of one or more objectives, rendered together as one batch. */
@Command(name = "render", mixinStandardHelpOptions = true,
        description = {"Render images that maximise objectives (activation maximisation).",
            "Objectives: LAYER:CH (channel mean or dense unit), LAYER:CH@X,Y (neuron), logit(CLASS), logprob(CLASS),",
            "direction(LAYER, FILE), combined with + - * and penalties l1, l2, tv, blur, diversity(LAYER),",
            "e.g. \"conv2d_5:3 - 0.05*tv\". Writes one PNG and JSON sidecar per image and a grid.png."})
public final class RenderCommand implements Callable<Integer> {
    @Mixin
    ModelOptionsMixin modelOptions;

    @Mixin
    RenderOptions render;

    @Option(names = {"-o", "--objective"}, required = true, paramLabel = "OBJECTIVE", description = "what to maximise; repeat for several")
    List<String> objectives;

    @Option(names = "--batch", defaultValue = "1", paramLabel = "K", description = "images per objective (use with --diversity); default ${DEFAULT-VALUE}")
    int batch;

    @Option(names = "--out", defaultValue = "renders", paramLabel = "DIR", description = "output folder (default ${DEFAULT-VALUE})")
    Path out;

    @Override
    public Integer call() {
        RenderJobSettings job = RenderJobSettings.of(objectives, out).withCopies(batch).withRecipe(render.settings())
                .withSeed(render.seed);
        try (Model model = modelOptions.load()) {
            RenderListener listener = render.quiet ? new RenderListener() {} : new ProgressListener("render");
            for (RenderJob.Image i : RenderJob.run(model, job, listener).images()) {
                System.out.printf("%s  %s: %.4g -> %.4g%n", i.file(), i.objective(), i.activationStart(), i.activationEnd());
            }
        }
        return 0;
    }
}
