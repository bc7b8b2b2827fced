package dev.visor.demo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.visor.model.Activations;
import dev.visor.model.ForwardRequest;
import dev.visor.model.Model;
import dev.visor.model.Node;
import dev.visor.report.Report;

/** The model's layers: name, op, output shape, parameters. */
public final class ModelSection implements DemoSection {
    @Override
    public Report.Section run(DemoContext ctx) {
        Model m = ctx.model();
        Report.SectionBuilder b = new Report.SectionBuilder("Model")
                .text(m.source() + ": input " + m.inputSpec() + ", " + m.labels().size() + " classes.")
                .header("layer", "op", "output shape", "parameters");
        try (NDManager step = m.manager().newSubManager()) {
            NDArray x = step.zeros(m.inputSpec().batchShape(1));
            Activations a = m.forward(x, ForwardRequest.of(m.layerNames()));
            for (String name : m.layerNames()) {
                Node n = m.producerOf(name);
                b.row(name, n == null ? "Input" : n.opType(), a.get(name).getShape(), n == null ? 0 : m.parameterCount(n));
            }
        }
        return b.build();
    }
}
