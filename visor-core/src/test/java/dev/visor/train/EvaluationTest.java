package dev.visor.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import dev.visor.VisorException;
import dev.visor.data.Dataset;
import dev.visor.data.FashionMnist;
import dev.visor.data.IdxDataset;
import dev.visor.data.Split;
import dev.visor.model.Attributes;
import dev.visor.model.Graph;
import dev.visor.model.InputSpec;
import dev.visor.model.Model;
import dev.visor.engine.Engines;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationTest {
    @TempDir
    Path tmp;

    /** A planted classifier: logits = [mean pixel, 0.3], so class 0 iff the image's mean is above 0.3. */
    private static Model brightness() {
        NDManager m = Engines.newManager();
        Graph g = new Graph.Builder().name("brightness").input("x", -1, 1, 28, 28)
                .initializer("w", m.create(new float[] {1f, 0f}, new ai.djl.ndarray.types.Shape(1, 2)))
                .initializer("b", m.create(new float[] {0f, 0.3f}))
                .node("gap", "GlobalAveragePool", List.of("x"), "p", Attributes.empty())
                .node("flat", "Flatten", List.of("p"), "f", Attributes.empty())
                .node("logits", "Gemm", List.of("f", "w", "b"), "logits", Attributes.empty())
                .output("logits").build();
        return new Model(g, InputSpec.grey01(28, 28), List.of(), "brightness", m);
    }

    @Test
    void confusionMatrixCountsMatchAHandCount() {
        IdxDataset all = FashionMnist.open(FashionMnist.DEBIAN_DIR, Split.TEST);
        Dataset d = all.head(300);
        long[][] expect = new long[10][11];
        long correct = 0;
        for (int i = 0; i < d.size(); i++) {
            BufferedImage img = all.toImage(i);
            double sum = 0;
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    sum += img.getRaster().getSample(x, y, 0) / 255.0;
                }
            }
            int pred = sum / 784 > 0.3 ? 0 : 1;
            expect[d.label(i)][pred]++;
            correct += pred == d.label(i) ? 1 : 0;
        }
        try (Model m = brightness()) {
            Evaluation.Result r = Evaluation.run(m, d, 64);
            assertThat(r.confusion()).isDeepEqualTo(expect);
            assertThat(r.total()).isEqualTo(300);
            assertThat(r.correct()).isEqualTo(correct);
            ConfusionPlot.write(r, "planted", tmp.resolve("c.png"));
            BufferedImage png = dev.visor.data.Images.read(tmp.resolve("c.png"));
            assertThat(png.getWidth()).isGreaterThan(400);
        }
    }

    @Test
    void classesMatchByNameThenByIndex() {
        assertThat(Evaluation.classMap(List.of("b", "a"), List.of("a", "b", "c"), "d", "m")).containsExactly(1, 0);
        assertThat(Evaluation.classMap(List.of("0", "1"), List.of("a", "b", "c"), "d", "m")).containsExactly(0, 1);
        assertThat(Evaluation.classMap(List.of("x", "y"), List.of(), "d", "m")).containsExactly(0, 1);
        assertThatThrownBy(() -> Evaluation.classMap(List.of("a", "b", "z"), List.of("a", "b"), "d", "m"))
                .isInstanceOf(VisorException.class).hasMessageContaining("[z]");
    }
}
