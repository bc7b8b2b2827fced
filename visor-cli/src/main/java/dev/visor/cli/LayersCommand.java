package dev.visor.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.visor.model.Activations;
import dev.visor.model.ForwardRequest;
import dev.visor.model.Model;
import dev.visor.model.Node;
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
        try (Model m = modelOptions.load(); NDManager step = m.manager().newSubManager()) {
            NDArray x = step.zeros(m.inputSpec().batchShape(1));
            Activations a = m.forward(x, ForwardRequest.of(m.nodes().stream().map(n -> n.outputs().get(0)).toList()));
            System.out.println("model " + m.source() + "  input " + m.inputSpec());
            System.out.printf("%-32s %-20s %-22s %10s%n", "layer", "op", "output shape", "params");
            long total = 0;
            List<String> names = m.layerNames();
            for (String name : names) {
                Node n = m.producerOf(name);
                String shape = a.all().containsKey(m.resolve(name)) ? a.get(name).getShape().toString() : "?";
                long params = n == null ? 0 : m.parameterCount(n);
                total += params;
                System.out.printf("%-32s %-20s %-22s %,10d%n", name, n == null ? "Input" : n.opType(), shape, params);
            }
            System.out.printf("%d layers, %,d parameters%n", names.size(), total);
        }
        return 0;
    }
}
