package dev.visor.data;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.visor.engine.Engines;
import dev.visor.model.InputSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchesTest {
    @Test
    void batchesFollowTheOrderAndTheInputSpec() {
        IdxDataset test = FashionMnist.open(FashionMnist.DEBIAN_DIR, Split.TEST);
        Dataset d = test.head(10);
        InputSpec spec = new InputSpec(1, 28, 28, 0f, 255f, new float[] {100f}, new float[] {50f}, false, "NCHW");
        int[] order = {9, 3, 0, 7, 1, 2, 4, 5, 6, 8};
        try (NDManager m = Engines.newManager()) {
            List<Integer> sizes = new ArrayList<>();
            List<Integer> labels = new ArrayList<>();
            for (Batches.Batch b : Batches.of(d, spec, 4, m).order(order)) {
                try (b) {
                    sizes.add(b.size());
                    for (int l : b.labels()) {
                        labels.add(l);
                    }
                    // Independent truth: the raw bytes of the first item of the batch.
                    int first = b.indices()[0];
                    float[] x = b.input().get(0).toFloatArray();
                    for (int p : new int[] {0, 300, 500, 783}) {
                        float raw = test.toImage(first).getRaster().getSample(p % 28, p / 28, 0);
                        assertThat(x[p]).isCloseTo((raw - 100f) / 50f, org.assertj.core.data.Offset.offset(1e-4f));
                    }
                }
            }
            assertThat(sizes).containsExactly(4, 4, 2);
            List<Integer> expected = new ArrayList<>();
            for (int i : order) {
                expected.add(test.label(i));
            }
            assertThat(labels).isEqualTo(expected);
            assertThat(m.getManagedArrays()).isEmpty();
        }
    }

    @Test
    void greyImagesFeedThreeChannelModelsAtOtherSizes() {
        IdxDataset test = FashionMnist.open(FashionMnist.DEBIAN_DIR, Split.TEST);
        try (NDManager m = Engines.newManager()) {
            NDArray x = test.images(m, new int[] {0, 1}, 3, 32, 32);
            assertThat(x.getShape().getShape()).containsExactly(2, 3, 32, 32);
            assertThat(x.get(0, 0).toFloatArray()).containsExactly(x.get(0, 2).toFloatArray());
            NDArray same = test.images(m, new int[] {5}, 3, 28, 28);
            assertThat(same.get(0, 1).toFloatArray()).containsExactly(test.images(m, new int[] {5}, 1, 28, 28).get(0, 0).toFloatArray());
        }
    }
}
