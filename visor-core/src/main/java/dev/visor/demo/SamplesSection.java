package dev.visor.demo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.visor.data.Dataset;
import dev.visor.data.Datasets;
import dev.visor.data.Images;
import dev.visor.data.Split;
import dev.visor.model.Classifier;
import dev.visor.model.InputSpec;
import dev.visor.report.Report;
import java.util.List;
import java.util.stream.Collectors;

/** The first test image of each class, with the model's top-3 classes. */
public final class SamplesSection implements DemoSection {
    @Override
    public Report.Section run(DemoContext ctx) {
        if (ctx.settings().data() == null) {
            return null;
        }
        Dataset data = Datasets.open(ctx.settings().data(), Split.TEST);
        int[] idx = data.firstOfEachClass();
        InputSpec s = ctx.model().inputSpec();
        Classifier classifier = new Classifier(ctx.model());
        Report.SectionBuilder b = new Report.SectionBuilder("Samples")
                .text("One test image per class from " + data.name() + ", with the model's top-3 classes.");
        try (NDManager step = ctx.model().manager().newSubManager()) {
            NDArray x = data.images(step, idx, s.channels(), s.height(), s.width());
            List<List<Classifier.Prediction>> top = classifier.topK(x, 3);
            for (int j = 0; j < idx.length; j++) {
                String name = String.format("images/sample-%02d.png", j);
                Images.writePng(Images.toImage(x.get(j)), ctx.out().resolve(name));
                String truth = data.labelled() ? data.classNames().get(data.label(idx[j])) + " → " : "";
                b.figure(name, truth + top.get(j).stream()
                        .map(p -> String.format("%s %.2f", p.label(), p.probability())).collect(Collectors.joining("; ")), null);
            }
        }
        return b.build();
    }
}
