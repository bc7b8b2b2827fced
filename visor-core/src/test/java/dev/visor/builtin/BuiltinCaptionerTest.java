package dev.visor.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import dev.visor.VisorException;
import dev.visor.data.Dataset;
import dev.visor.data.FashionMnist;
import dev.visor.data.Split;
import dev.visor.io.visor.Provenance;
import dev.visor.ppgn.CaptionTemplates;
import dev.visor.ppgn.Captioner;
import dev.visor.train.CaptionerTrainer;
import org.junit.jupiter.api.Test;

/** The shipped captioner on 1000 test images: the best-ranked caption's class and attributes. */
class BuiltinCaptionerTest {
    @Test
    void fashionCaptionerNamesClassBrightnessAndSizeOfTestImages() {
        Dataset test = FashionMnist.open(FashionMnist.DEBIAN_DIR, Split.TEST).head(1000);
        try (Captioner c = Captioner.load("builtin:fashion-captioner")) {
            CaptionTemplates t = new CaptionTemplates(FashionMnist.CLASS_NAMES);
            assertThat(c.vocabulary()).isEqualTo(t.vocabulary());
            float[][] medians = {c.model().graph().initializers().get("stats.brightness_median").toFloatArray(),
                c.model().graph().initializers().get("stats.size_median").toFloatArray()};
            double[] acc = CaptionerTrainer.evaluate(c, test, t, medians);
            System.out.printf("builtin:fashion-captioner on 1000 test images: class %.3f, brightness %.3f, size %.3f%n", acc[0], acc[1],
                    acc[2]);
            assertThat(acc[0]).isGreaterThan(0.88);
            assertThat(acc[1]).isGreaterThan(0.85);
            assertThat(acc[2]).isGreaterThan(0.85);
            Provenance p = BuiltinModels.provenance("fashion-captioner");
            assertThat(acc[0]).isCloseTo(p.testAccuracy(), offset(0.001));
            assertThat(p.command()).startsWith("visor train captioner").contains("--seed " + p.seed());
            assertThatThrownBy(() -> c.tokens("a fluffy coat")).isInstanceOf(VisorException.class)
                    .hasMessageContaining("'fluffy'").hasMessageContaining("a, dark, bright, small, large, t-shirt, trouser");
        }
    }
}
