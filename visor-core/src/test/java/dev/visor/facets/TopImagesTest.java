package dev.visor.facets;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.visor.builtin.BuiltinModels;
import dev.visor.data.Dataset;
import dev.visor.data.FashionMnist;
import dev.visor.data.Split;
import dev.visor.model.Model;
import dev.visor.optvis.objective.ModelShapes;
import dev.visor.optvis.objective.ObjectiveParser;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The facets' top images come from the streaming pass and agree with a brute-force ranking of the objective. */
class TopImagesTest {
    @Test
    void streamingTopImagesEqualABruteForceRanking() {
        try (Model model = BuiltinModels.load("fashion-cnn")) {
            Dataset data = FashionMnist.open(FashionMnist.DEBIAN_DIR, Split.TEST).head(450);
            String[] objectives = {"logits:1 + logits:8", "relu2:5"};
            // One pass for both objectives gives what a pass for each does.
            var both = TopImages.ofEach(model, data, java.util.Arrays.stream(objectives)
                    .map(o -> ObjectiveParser.parse(o, new ModelShapes(model))).toList(), 37, FacetListener.none());
            for (int i = 0; i < objectives.length; i++) {
                TopImages alone = TopImages.of(model, data, ObjectiveParser.parse(objectives[i], new ModelShapes(model)), 37,
                        FacetListener.none());
                assertThat(both.get(i).indices()).containsExactly(alone.indices());
                assertThat(both.get(i).activations()).containsExactly(alone.activations());
            }
            for (String objective : objectives) {
                TopImages top = TopImages.of(model, data, ObjectiveParser.parse(objective, new ModelShapes(model)), 37,
                        FacetListener.none());
                // Independent truth: every image forwarded alone, the objective written out by hand.
                float[] score = new float[data.size()];
                try (NDManager m = model.manager().newSubManager()) {
                    NDArray x = data.images(m, IntStream.range(0, data.size()).toArray(), 1, 28, 28);
                    NDArray in = model.inputSpec().toModel(x);
                    if (objective.startsWith("logits")) {
                        NDArray l = model.forward(in, "logits").get("logits");
                        score = l.get(":, 1").add(l.get(":, 8")).toFloatArray();
                    } else {
                        NDArray a = model.forward(in, "relu2").get("relu2");
                        long[] sh = a.getShape().getShape();
                        int plane = (int) (sh[2] * sh[3]);
                        float[] v = a.toFloatArray();
                        for (int i = 0; i < data.size(); i++) {
                            double sum = 0;
                            for (int p = 0; p < plane; p++) {
                                sum += v[(int) ((i * sh[1] + 5) * plane + p)];
                            }
                            score[i] = (float) (sum / plane);
                        }
                    }
                }
                float[] s = score;
                int[] want = IntStream.range(0, s.length).boxed()
                        .sorted(Comparator.<Integer>comparingDouble(i -> -s[i]).thenComparingInt(i -> i))
                        .limit(37).mapToInt(Integer::intValue).toArray();
                assertThat(top.indices()).as(objective).containsExactly(want);
                for (int i = 0; i < want.length; i++) {
                    assertThat(top.activations()[i]).isCloseTo(s[want[i]], org.assertj.core.data.Offset.offset(1e-3f * (1 + Math.abs(s[want[i]]))));
                }
            }
        }
    }
}
