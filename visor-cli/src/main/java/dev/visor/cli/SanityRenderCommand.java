package dev.visor.cli;

import ai.djl.ndarray.NDManager;
import dev.visor.VisorException;
import dev.visor.model.Model;
import dev.visor.optvis.RenderSettings;
import dev.visor.optvis.objective.ModelShapes;
import dev.visor.optvis.objective.Objective;
import dev.visor.optvis.objective.ObjectiveParser;
import dev.visor.report.OutputDir;
import dev.visor.sanity.RenderCascade;
import dev.visor.sanity.RenderCascadeWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code visor sanity-render}: does a unit's render depend on the trained weights? (cascading randomisation of a render). */
@Command(name = "sanity-render", mixinStandardHelpOptions = true,
        description = {"Render one objective on the trained model, then with its weights randomised from the top layer down,",
            "every time with the same seed; print Spearman rank correlation and SSIM of each render to the trained model's,",
            "and write render-cascade.png and render-cascade.json. The trained model's weights are never changed."})
public final class SanityRenderCommand implements Callable<Integer> {
    @Mixin
    ModelOptionsMixin modelOptions;

    @Mixin
    RenderOptions render;

    @Option(names = {"-o", "--objective"}, required = true, paramLabel = "OBJECTIVE", description = "what to render, e.g. conv2d_5:3 or logit(1)")
    String objective;

    @Option(names = "--depth", defaultValue = "0", paramLabel = "N", description = "randomise at most the top N weighted layers (default 0: all)")
    int depth;

    @Option(names = "--out", defaultValue = "sanity-render", paramLabel = "DIR", description = "output folder (default ${DEFAULT-VALUE})")
    Path out;

    @Override
    public Integer call() {
        if (depth < 0) {
            throw new VisorException("--depth must be 0 (all layers) or more, got " + depth);
        }
        RenderSettings recipe = render.settings();
        try (Model model = modelOptions.load()) {
            Objective o = ObjectiveParser.parse(objective, new ModelShapes(model));
            OutputDir.prepare(out);
            try (NDManager m = model.manager().newSubManager()) {
                RenderCascade.Result r = RenderCascade.run(model, o, recipe, depth, render.seed, m);
                System.out.print(RenderCascadeWriter.table(r));
                System.out.printf("%d renders in %.1f s -> %s%n", r.rows().size(), r.seconds(),
                        RenderCascadeWriter.write(model, r, recipe, depth, render.seed, out));
            }
        }
        return 0;
    }
}
