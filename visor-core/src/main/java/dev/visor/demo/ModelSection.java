package dev.visor.demo;

import dev.visor.model.LayerTable;
import dev.visor.model.Model;
import dev.visor.report.Report;

/** The model's layers: name, op, output shape, parameters. */
public final class ModelSection implements DemoSection {
    @Override
    public Report.Section run(DemoContext ctx) {
        Model m = ctx.model();
        Report.SectionBuilder b = new Report.SectionBuilder("Model")
                .text(m.source() + ": input " + m.inputSpec() + ", " + m.labels().size() + " classes.")
                .header("layer", "op", "output shape", "parameters");
        for (LayerTable.Row r : LayerTable.of(m)) {
            b.row(r.name(), r.op(), r.shape(), r.parameters());
        }
        return b.build();
    }
}
