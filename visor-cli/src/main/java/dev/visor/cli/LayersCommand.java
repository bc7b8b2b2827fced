package dev.visor.cli;

import dev.visor.model.LayerTable;
import dev.visor.model.Model;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code visor layers}: the model's layers with op, output shape and parameter count. */
@Command(name = "layers", mixinStandardHelpOptions = true, description = "List a model's layers: name, op, output shape, parameters.")
public final class LayersCommand implements Callable<Integer> {
    @Mixin
    ModelOptionsMixin modelOptions;

    @Override
    public Integer call() {
        try (Model m = modelOptions.load()) {
            List<LayerTable.Row> rows = LayerTable.of(m);
            System.out.println("model " + m.source() + "  input " + m.inputSpec());
            System.out.printf("%-32s %-26s %-22s %10s%n", "layer", "op", "output shape", "params");
            long total = 0;
            for (LayerTable.Row r : rows) {
                total += r.parameters();
                System.out.printf("%-32s %-26s %-22s %,10d%n", r.name(), r.op(), r.shape(), r.parameters());
            }
            System.out.printf("%d layers, %,d parameters%n", rows.size(), total);
        }
        return 0;
    }
}
