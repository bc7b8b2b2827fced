package dev.visor.cli;

import dev.visor.io.onnx.OnnxExporter;
import dev.visor.model.Model;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code visor export}: writes any model Visor reads as an ONNX file. */
@Command(name = "export", mixinStandardHelpOptions = true, description = "Write a model as ONNX.")
public final class ExportCommand implements Callable<Integer> {
    @Mixin
    ModelOptionsMixin modelOptions;

    @Option(names = "--onnx", required = true, paramLabel = "FILE", description = "the .onnx file to write")
    Path onnx;

    @Override
    public Integer call() {
        try (Model m = modelOptions.load()) {
            OnnxExporter.write(m, onnx);
            System.out.println("wrote " + onnx + " (" + m.nodes().size() + " nodes)");
        }
        return 0;
    }
}
