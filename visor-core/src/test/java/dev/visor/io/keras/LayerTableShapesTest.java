package dev.visor.io.keras;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import dev.visor.io.ModelLoader;
import dev.visor.model.LayerTable;
import dev.visor.model.Model;
import org.junit.jupiter.api.Test;

/**
 * {@code visor layers} asks for every layer in one pass, so an op that wrote into its input's shape (Conv2D →
 * Cropping2D → UpSampling2D → Conv2DTranspose in the Sequential fixture) showed an earlier layer with the
 * wrong shape. Every row must show the shape TensorFlow gave that layer (make_fixtures.py's expected outputs,
 * NHWC, as NCHW for one image).
 */
class LayerTableShapesTest {
    @Test
    void everyRowShowsTheShapeKerasComputed() {
        JsonNode outputs = Expected.read(TestPaths.resources().resolve("sequential_expected.json")).root().get("outputs");
        try (Model model = ModelLoader.load(TestPaths.resources().resolve("sequential-tfjs").toString())) {
            for (LayerTable.Row row : LayerTable.of(model)) {
                assertThat(row.shape()).as(row.name()).isEqualTo(nchwForOneImage(outputs.get(row.name()).get("shape")));
            }
        }
    }

    private static Shape nchwForOneImage(JsonNode nhwc) {
        if (nhwc.size() != 4) {
            long[] d = new long[nhwc.size()];
            for (int i = 0; i < d.length; i++) {
                d[i] = nhwc.get(i).asLong();
            }
            d[0] = 1;
            return new Shape(d);
        }
        return new Shape(1, nhwc.get(3).asLong(), nhwc.get(1).asLong(), nhwc.get(2).asLong());
    }
}
