package dev.visor.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.visor.engine.Engines;
import dev.visor.io.ModelLoader;
import dev.visor.model.Model;
import dev.visor.optvis.TestPaths;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Must-show 3 of issue 12: where the maps of darknet-tiny's top class for chelsea.png put their mass. */
class CatBoxTest {
    // Read off chelsea.png (451×300) by eye: the cat (head, ears and chest) fills columns 0–390 and every
    // row; the background is the bright room on the right below the ear. The face (eyes to chin) is the
    // tighter box columns 100–360, rows 60–290.
    static final int W0 = 451;
    static final int H0 = 300;
    static final int[] CAT = {0, 0, 390, 300};
    static final int[] FACE = {100, 60, 360, 290};

    @Test
    void guidedBackpropAndDeconvNetMassAndTheGradCamPeakLieOnTheCat() {
        try (Model model = ModelLoader.load(TestPaths.darknetTiny().toString()); NDManager m = Engines.newManager()) {
            NDArray x = InputImage.read(TestPaths.shared().resolve("images/chelsea.png"), model, m).tensor();
            List<AttributionMap> rs = new Attributor(model).run(x, new Attribution(List.of(AttributionMethod.GUIDED_BACKPROP,
                    AttributionMethod.DECONVNET, AttributionMethod.GRAD_CAM, AttributionMethod.SALIENCY), null, null));
            int h = (int) x.getShape().get(2);
            int w = (int) x.getShape().get(3);
            System.out.printf("top class %d (%s); cat box covers %.0f %% of the image, face box %.0f %%%n", rs.get(0).classes()[0],
                    model.labels().get(rs.get(0).classes()[0]), 100 * areaShare(CAT), 100 * areaShare(FACE));
            for (AttributionMap r : rs) {
                float[] mass = absPerPixel(r.map(), h, w);
                System.out.printf("%-9s |map| mass in the cat box %.1f %%, in the face box %.1f %%%n", r.method().key(),
                        100 * share(mass, h, w, CAT), 100 * share(mass, h, w, FACE));
                if (r.method() == AttributionMethod.GUIDED_BACKPROP || r.method() == AttributionMethod.DECONVNET) {
                    assertThat(share(mass, h, w, CAT)).as("%s mass in the cat box", r.method()).isGreaterThanOrEqualTo(0.6);
                }
                if (r.method() == AttributionMethod.GRAD_CAM) {
                    int arg = 0;
                    for (int i = 1; i < mass.length; i++) {
                        arg = mass[i] > mass[arg] ? i : arg;
                    }
                    int px = arg % w;
                    int py = arg / w;
                    System.out.printf("Grad-CAM peak at (%d, %d) of %dx%d = (%.0f, %.0f) in the photo%n", px, py, w, h,
                            (px + 0.5) * W0 / w, (py + 0.5) * H0 / h);
                    assertThat(inside(px, py, h, w, CAT)).as("Grad-CAM peak inside the cat box").isTrue();
                }
            }
        }
    }

    static double areaShare(int[] b) {
        return (double) (b[2] - b[0]) * (b[3] - b[1]) / (W0 * H0);
    }

    /** |map| summed over channels per pixel. */
    static float[] absPerPixel(NDArray map, int h, int w) {
        float[] v = map.toFloatArray();
        float[] out = new float[h * w];
        for (int i = 0; i < v.length; i++) {
            out[i % (h * w)] += Math.abs(v[i]);
        }
        return out;
    }

    /** Whether model pixel (px, py) falls in a box given in photo pixels (the photo is stretched to the input). */
    static boolean inside(int px, int py, int h, int w, int[] box) {
        double x = (px + 0.5) * W0 / w;
        double y = (py + 0.5) * H0 / h;
        return x >= box[0] && x < box[2] && y >= box[1] && y < box[3];
    }

    static double share(float[] mass, int h, int w, int[] box) {
        double in = 0;
        double all = 0;
        for (int i = 0; i < mass.length; i++) {
            all += mass[i];
            if (inside(i % w, i / w, h, w, box)) {
                in += mass[i];
            }
        }
        return in / all;
    }
}
