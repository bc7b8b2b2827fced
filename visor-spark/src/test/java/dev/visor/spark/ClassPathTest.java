package dev.visor.spark;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.cfg.PackageVersion;
import dev.visor.model.ForwardRequest;
import dev.visor.model.Model;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On this module's class path Spark's versions win (Jackson 2.21 for jackson-module-scala, protobuf 4 for Spark), and
 * visor-core still works on them: its JSON, and its ONNX import and export, whose protobuf code was generated for 3.x.
 */
class ClassPathTest {
    @TempDir
    Path tmp;

    @Test
    void sparksJacksonAndProtobufWinAndTheOnnxRoundTripStillWorks() throws Exception {
        // What Spark does at start; jackson-module-scala refuses a databind of another minor version.
        var scala = com.fasterxml.jackson.module.scala.DefaultScalaModule$.MODULE$;
        new com.fasterxml.jackson.databind.ObjectMapper().registerModule(scala);
        assertThat(PackageVersion.VERSION.getMinorVersion()).isEqualTo(scala.version().getMinorVersion());
        assertThat(com.google.protobuf.RuntimeVersion.MAJOR).isGreaterThanOrEqualTo(4);
        Path onnx = tmp.resolve("m.onnx");
        Cli e = Cli.visor("export", "--model", "builtin:fashion-cnn", "--onnx", onnx.toString());
        assertThat(e.status()).as(e.err()).isZero();
        try (Model a = ModelSpec.of("builtin:fashion-cnn").load(); Model b = ModelSpec.of(onnx.toString()).load();
             NDManager m = a.manager().newSubManager()) {
            NDArray x = m.randomUniform(0, 1, a.inputSpec().batchShape(2));
            float[] want = a.forward(x, ForwardRequest.of()).get(a.graph().outputs().get(0)).toFloatArray();
            NDArray y = x.duplicate();
            float[] got = b.forward(y, ForwardRequest.of()).get(b.graph().outputs().get(0)).toFloatArray();
            assertThat(got).containsExactly(want, org.assertj.core.data.Offset.offset(1e-4f));
        }
    }
}
