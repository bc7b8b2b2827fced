package dev.visor.optvis;

import ai.djl.ndarray.NDManager;
import dev.visor.data.Images;
import dev.visor.model.Model;
import dev.visor.optvis.objective.ModelShapes;
import dev.visor.optvis.objective.Objective;
import dev.visor.optvis.objective.ObjectiveParser;
import dev.visor.report.ImageGrid;
import dev.visor.report.OutputDir;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code render} job: parses and checks the objectives, checks the output folder, renders all of
 * them as one batch ({@link BatchRender}) and writes one PNG + sidecar per image and {@code grid.png}.
 * Files are named {@code NN_<objective>[_k].png}.
 */
public final class RenderJob {
    private RenderJob() {}

    /** One image written. */
    public record Image(Path file, String objective, float activationStart, float activationEnd) {}

    /** What a render job wrote. */
    public record Result(List<Image> images, Path grid) {}

    /** Runs the job; objective and output errors come before any work, as one-line {@link dev.visor.VisorException}s. */
    public static Result run(Model model, RenderJobSettings s, RenderListener listener) {
        ModelShapes shapes = new ModelShapes(model);
        List<Objective> parsed = ObjectiveParser.parseAll(s.objectives(), shapes);
        int size = RenderPlan.size(s.recipe(), model);
        RenderBudget.check(parsed.size() * s.copies(), model.inputSpec().channels(), size);
        OutputDir.prepare(s.out());
        List<Objective> items = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < parsed.size(); i++) {
            String text = s.objectives().get(i);
            for (int k = 0; k < s.copies(); k++) {
                items.add(parsed.get(i));
                texts.add(text);
                files.add(s.out().resolve(String.format("%02d_%s%s.png", i, RenderFiles.slug(text), s.copies() > 1 ? "_" + k : "")));
            }
        }
        try (NDManager m = model.manager().newSubManager()) {
            RenderResult r = BatchRender.render(model, items, s.recipe(), s.seed(), List.of(listener), m);
            List<BufferedImage> written = RenderWriter.write(model, r, s.recipe(), s.seed(), texts, files, Map.of());
            Path grid = s.out().resolve("grid.png");
            Images.writePng(ImageGrid.grid(written, s.copies() > 1 ? s.copies() : 0, 2), grid);
            List<Image> images = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                images.add(new Image(files.get(i), texts.get(i), r.measureStart()[i], r.measureEnd()[i]));
            }
            return new Result(images, grid);
        }
    }
}
