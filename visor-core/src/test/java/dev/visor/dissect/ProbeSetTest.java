package dev.visor.dissect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.visor.VisorException;
import dev.visor.model.Model;
import dev.visor.stats.PassListener;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Must-show 5: the Broden reader on a hand-made 3-image fixture (4×4 images and masks), IoU against values computed
 * by hand, and corrupt sets refused with the file and row named.
 */
class ProbeSetTest {
    @TempDir
    Path tmp;

    // 'R' = red (label 1), 'B' = blue (label 2); '#' in an activity map = R channel 255 (the unit is on), '.' = 0
    static final String[] ACTIVE = {
        "##..", "##..", "....", "....",
        "....", "....", "....", "####",
        "....", "....", "....", "....",
    };
    static final String[] COLOUR = {
        "RRRR", "BBBB", "BBBB", "BBBB",
        "BBBB", "BBBB", "RRRR", "RRRR",
        "RBBB", "BBBB", "BBBB", "BBBB",
    };
    // 'O' = circle (label 3)
    static final String[] OBJECT = {
        "....", ".OO.", ".OO.", "....",
        null, null, null, null,
        "OO..", "....", "....", "....",
    };

    /** Writes the fixture: image 1 and 2 carry the whole-image texture "stripes" (label 4); image 1 has no object mask. */
    static Path fixture(Path dir) throws IOException {
        Path img = dir.resolve("images");
        Files.createDirectories(img);
        StringBuilder index = new StringBuilder("image,split,ih,iw,sh,sw,color,object,part,material,scene,texture\n");
        for (int i = 0; i < 3; i++) {
            png(img.resolve("im" + i + ".png"), rows(ACTIVE, i), c -> c == '#' ? 0xff0000 : 0);
            png(img.resolve("im" + i + "_color.png"), rows(COLOUR, i), c -> c == 'R' ? 1 << 16 : 2 << 16);
            String object = "";
            if (OBJECT[4 * i] != null) {
                png(img.resolve("im" + i + "_object.png"), rows(OBJECT, i), c -> c == 'O' ? 3 << 16 : 0);
                object = "im" + i + "_object.png";
            }
            index.append("im").append(i).append(".png,train,4,4,4,4,im").append(i).append("_color.png,").append(object)
                    .append(",,,,").append(i == 0 ? "" : "4").append('\n');
        }
        Files.writeString(dir.resolve("index.csv"), index);
        Files.writeString(dir.resolve("label.csv"), "number,name,category,frequency,coverage,syns\n0,-,-,0,0,\n"
                + "1,red-c,color(3),3,0,\n2,blue-c,color(3),3,0,\n3,circle,object(2),2,0,\n4,stripes,texture(2),2,0,\n");
        Files.writeString(dir.resolve("category.csv"), "name,first,last,count,frequency\ncolor,1,2,2,3\nobject,3,3,1,2\n"
                + "part,0,0,0,0\nmaterial,0,0,0,0\nscene,0,0,0,0\ntexture,4,4,1,2\n");
        return dir;
    }

    private static String[] rows(String[] all, int image) {
        return java.util.Arrays.copyOfRange(all, 4 * image, 4 * image + 4);
    }

    private static void png(Path f, String[] rows, java.util.function.IntUnaryOperator rgb) throws IOException {
        BufferedImage b = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                b.setRGB(x, y, rgb.applyAsInt(rows[y].charAt(x)));
            }
        }
        ImageIO.write(b, "png", f.toFile());
    }

    @Test
    void iouOnTheFixtureEqualsTheHandComputedValues() throws IOException {
        ProbeSet probe = ProbeSet.open(fixture(tmp.resolve("probe")));
        assertThat(probe.size()).isEqualTo(3);
        assertThat(probe.masks(1).annotates("object")).isFalse();
        try (Model m = PlantedNets.redChannel(4)) {
            // T = 0.5 on the red channel: the unit is on exactly at the '#' pixels (the 4×4 map needs no resampling)
            Thresholds t = new Thresholds("red-channel", probe.root().toString(), 0, 0.005, Map.of("red", new int[] {0}),
                    Map.of("red", new float[] {0.5f}));
            DissectResult r = DissectJob.tally(m, probe, DissectSettings.defaults().withLayers("red").withBatchSize(2), t,
                    PassListener.NONE, null);
            IouTally tally = r.tally("red");
            Concepts cs = tally.concepts();
            // red: ∩ = 2 (image 0, top row) + 4 (image 1, bottom row) = 6; |M| = 4 + 4 + 0 = 8; |L| = 4 + 8 + 1 = 13
            assertThat(tally.iou(0, cs.indexOf("color", 1))).isCloseTo(6.0 / (8 + 13 - 6), within(1e-12));
            // blue: ∩ = 2; |L| = 12 + 8 + 15 = 35
            assertThat(tally.iou(0, cs.indexOf("color", 2))).isCloseTo(2.0 / (8 + 35 - 2), within(1e-12));
            // circle: only images 0 and 2 annotate objects, so |M| = 4 + 0; ∩ = 1; |L| = 4 + 2
            assertThat(tally.iou(0, cs.indexOf("object", 3))).isCloseTo(1.0 / (4 + 6 - 1), within(1e-12));
            // stripes (whole image, images 1 and 2): |M| = 4 + 0; ∩ = 4; |L| = 16 + 16
            assertThat(tally.iou(0, cs.indexOf("texture", 4))).isCloseTo(4.0 / (4 + 32 - 4), within(1e-12));
            DissectResult.UnitLabel l = r.labels("red").get(0);
            assertThat(l.label().concept()).isEqualTo("red-c");
            assertThat(l.detector()).isTrue();
        }
    }

    @Test
    void aRowWithTooFewCellsIsNamed() throws IOException {
        Path dir = fixture(tmp.resolve("short"));
        List<String> lines = Files.readAllLines(dir.resolve("index.csv"));
        lines.set(2, "im1.png,train,4,4,4");
        Files.write(dir.resolve("index.csv"), lines);
        assertThatThrownBy(() -> ProbeSet.open(dir)).isInstanceOf(VisorException.class)
                .hasMessageContaining("index.csv line 3").hasMessageContaining("5 cells");
    }

    @Test
    void aMissingMaskAndABadSizeAreNamed() throws IOException {
        Path dir = fixture(tmp.resolve("missing"));
        Files.delete(dir.resolve("images/im2_object.png"));
        assertThatThrownBy(() -> ProbeSet.open(dir)).isInstanceOf(VisorException.class)
                .hasMessageContaining("index.csv line 4").hasMessageContaining("im2_object.png");
        Path dir2 = fixture(tmp.resolve("size"));
        List<String> lines = Files.readAllLines(dir2.resolve("index.csv"));
        lines.set(1, lines.get(1).replace("train,4,4,4,4", "train,4,4,x,4"));
        Files.write(dir2.resolve("index.csv"), lines);
        assertThatThrownBy(() -> ProbeSet.open(dir2)).hasMessageContaining("index.csv line 2").hasMessageContaining("sh 'x'");
    }

    @Test
    void unknownLabelsAreNamed() throws IOException {
        Path dir = fixture(tmp.resolve("unknown"));
        png(dir.resolve("images/im0_object.png"), new String[] {"O...", "....", "....", "...."}, c -> c == 'O' ? 9 << 16 : 0);
        ProbeSet p = ProbeSet.open(dir);
        assertThatThrownBy(() -> p.masks(0)).isInstanceOf(VisorException.class)
                .hasMessageContaining("index.csv line 2").hasMessageContaining("im0_object.png").hasMessageContaining("label 9");
        List<String> lines = Files.readAllLines(dir.resolve("index.csv"));
        lines.set(3, lines.get(3).replace(",4", ",1"));
        Files.write(dir.resolve("index.csv"), lines);
        assertThatThrownBy(() -> ProbeSet.open(dir)).hasMessageContaining("index.csv line 4")
                .hasMessageContaining("label 1 (red-c) is not a texture label");
    }
}
