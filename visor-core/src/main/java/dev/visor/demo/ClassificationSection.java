package dev.visor.demo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.visor.data.Images;
import dev.visor.model.Classifier;
import dev.visor.model.InputSpec;
import dev.visor.model.Model;
import dev.visor.report.Report;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** The user's images with the model's top-3 classes. */
public final class ClassificationSection implements DemoSection {
    @Override
    public Report.Section run(DemoContext ctx) {
        List<Path> images = ctx.settings().images();
        if (images.isEmpty()) {
            return null;
        }
        Model m = ctx.model();
        InputSpec s = m.inputSpec();
        Classifier classifier = new Classifier(m);
        Report.SectionBuilder b = new Report.SectionBuilder("Classification")
                .text("Top-3 classes of each image (softmax probability).");
        try (NDManager step = m.manager().newSubManager()) {
            int i = 0;
            for (Path p : images) {
                NDArray x = Images.toTensor(step, Images.read(p), s.channels(), s.height(), s.width());
                String name = String.format("images/input-%02d.png", i++);
                Images.writePng(Images.toImage(x), ctx.out().resolve(name));
                String top = classifier.topK(x, 3).get(0).stream()
                        .map(pr -> String.format("%s %.2f", pr.label(), pr.probability())).collect(Collectors.joining("; "));
                b.figure(name, p.getFileName() + ": " + top, null);
            }
        }
        return b.build();
    }
}
