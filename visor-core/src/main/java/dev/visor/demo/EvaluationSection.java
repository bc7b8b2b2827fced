package dev.visor.demo;

import dev.visor.data.Dataset;
import dev.visor.data.Datasets;
import dev.visor.data.Split;
import dev.visor.report.Report;
import dev.visor.train.ConfusionPlot;
import dev.visor.train.Evaluation;

/** Accuracy and confusion matrix of the model on the demo's labelled data (the test split). */
public final class EvaluationSection implements DemoSection {
    @Override
    public Report.Section run(DemoContext ctx) {
        if (ctx.settings().data() == null) {
            return null;
        }
        Dataset data = Datasets.open(ctx.settings().data(), Split.TEST);
        if (!data.labelled()) {
            return null;
        }
        Evaluation.Result r = Evaluation.run(ctx.model(), data, 256);
        ConfusionPlot.write(r, "confusion on " + data.name(), ctx.out().resolve("images/confusion.png"));
        Report.SectionBuilder b = new Report.SectionBuilder("Evaluation")
                .text(String.format("Accuracy %.2f%% (%d of %d) on %s.", 100 * r.accuracy(), r.correct(), r.total(), data.name()))
                .header("class", "recall")
                .figure("images/confusion.png", "confusion matrix (rows: true class)", null, 520);
        for (int c = 0; c < r.classNames().size(); c++) {
            b.row(r.classNames().get(c), String.format("%.3f", r.recall(c)));
        }
        return b.build();
    }
}
