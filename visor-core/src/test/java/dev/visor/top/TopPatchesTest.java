package dev.visor.top;

import static org.assertj.core.api.Assertions.assertThat;

import dev.visor.data.Dataset;
import dev.visor.data.ImageFileDataset;
import dev.visor.model.InputBox;
import dev.visor.model.Model;
import dev.visor.model.ReceptiveField;
import dev.visor.optvis.DarknetTiny;
import dev.visor.optvis.TestPaths;
import dev.visor.report.Sidecar;
import dev.visor.stats.PassListener;
import dev.visor.stats.TopK;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --patches} on darknet-tiny and the sample photos: each cell is the receptive field around the maximum. */
class TopPatchesTest {
    @TempDir
    Path tmp;

    @Test
    @SuppressWarnings("unchecked")
    void patchesAreTheReceptiveFieldBoxOfEachExamplesMaximum() throws Exception {
        try (Model m = DarknetTiny.load()) {
            Dataset photos = ImageFileDataset.folder(TestPaths.shared().resolve("images"));
            String layer = "leaky_re_lu_5";
            TopSettings s = TopSettings.defaults().withLayers(layer).withUnits(List.of(0, 1)).withK(4).withBatchSize(4)
                    .withPatches(true);
            TopResult r = TopJob.run(m, photos, s, PassListener.NONE);
            TopWriter.write(r, photos, m, tmp);
            ReceptiveField rf = ReceptiveField.of(m, layer);
            TopK top = r.top(layer);
            for (int u = 0; u < 2; u++) {
                Map<String, Object> side = Sidecar.read(tmp.resolve(layer + "/unit_000" + u + ".json"));
                List<Map<String, Object>> ex = (List<Map<String, Object>>) side.get("examples");
                assertThat(ex).hasSize(4);
                for (int i = 0; i < 4; i++) {
                    TopK.Entry e = top.entries(u).get(i);
                    InputBox b = rf.box(e.x(), e.y());
                    assertThat(ex.get(i).get("box")).isEqualTo(List.of(b.x0(), b.y0(), b.x1(), b.y1()));
                    // the unit's map position lies inside its own field, once scaled to input pixels
                    int cx = e.x() * m.inputSpec().width() / top.width();
                    int cy = e.y() * m.inputSpec().height() / top.height();
                    assertThat(cx).isBetween(b.x0(), b.x1() - 1);
                    assertThat(cy).isBetween(b.y0(), b.y1() - 1);
                }
                // 2×2 montage of enlarged crops of the (unclipped) box size.
                BufferedImage png = ImageIO.read(tmp.resolve(layer + "/unit_000" + u + ".png").toFile());
                int side0 = rf.box(0, 0).width();
                int f = (96 + side0 - 1) / side0;
                assertThat(png.getWidth()).isEqualTo(2 * side0 * f + 3 * 2);
            }
        }
    }
}
