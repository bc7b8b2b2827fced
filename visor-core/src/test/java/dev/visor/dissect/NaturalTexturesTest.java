package dev.visor.dissect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.visor.VisorException;
import dev.visor.data.Images;
import dev.visor.model.Model;
import dev.visor.stats.PassListener;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --textures DIR}: user texture photos join the synthetic set as whole-image texture concepts, and a
 * dissection finds them. Two folders of noisy photos are made here, "brick" (reddish) and "moss" (greenish); the
 * planted redness unit R − (G + B)/2 must pick "brick" among the texture concepts: its photos are redder than any
 * colour term of the set (about 240/255 against red-c's 210/255), so its images hold the unit's top pixels.
 */
class NaturalTexturesTest {
    @TempDir
    Path tmp;

    /** A w×h image of per-pixel noise around (r, g, b). */
    private static BufferedImage noisy(int w, int h, int r, int g, int b, long seed) {
        Random rnd = new Random(seed);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int d = rnd.nextInt(41) - 20;
                img.setRGB(x, y, (clamp(r + d) << 16) | (clamp(g + d) << 8) | clamp(b + d));
            }
        }
        return img;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    private Path textures() {
        Path dir = tmp.resolve("textures");
        Images.writePng(noisy(40, 30, 250, 10, 10, 1), dir.resolve("brick/a.png"));
        Images.writePng(noisy(50, 50, 245, 15, 15, 2), dir.resolve("brick/b.png"));
        Images.writePng(noisy(45, 60, 50, 150, 40, 3), dir.resolve("moss/a.png"));
        return dir;
    }

    @Test
    void photosBecomeTextureConceptsWithWholeImageLabels() throws Exception {
        SynthSettings s = SynthSettings.defaults().withImages(240).withSize(32).withSeed(3).withTextures(textures());
        ProbeSet p = ProbeSet.open(SynthProbeSet.write(s, tmp.resolve("a")));
        Map<String, Integer> byName = new java.util.HashMap<>();
        p.labels().values().forEach(l -> byName.put(l.name(), l.number()));
        assertThat(byName).containsKeys("brick", "moss", "stripes-horizontal", "red-c");
        // built-in numbers do not move: the natural ones come after every built-in concept
        assertThat(byName.get("brick")).isEqualTo(SynthConcepts.all().size() + 1);
        int brick = 0;
        int moss = 0;
        for (int i = 0; i < p.size(); i++) {
            ProbeImage e = p.entries().get(i);
            int[] t = e.whole().getOrDefault("texture", new int[0]);
            if (t.length == 1 && (t[0] == byName.get("brick") || t[0] == byName.get("moss"))) {
                boolean isBrick = t[0] == byName.get("brick");
                if (isBrick) {
                    brick++;
                } else {
                    moss++;
                }
                // the pixels came from that concept's photos (mean colour of the painted image)
                BufferedImage img = Images.read(p.root().resolve("images").resolve(e.image()));
                double red = 0;
                double green = 0;
                for (int y = 0; y < img.getHeight(); y++) {
                    for (int x = 0; x < img.getWidth(); x++) {
                        red += (img.getRGB(x, y) >> 16) & 255;
                        green += (img.getRGB(x, y) >> 8) & 255;
                    }
                }
                assertThat(red > green).as("image %s labelled %s", e.image(), isBrick ? "brick" : "moss").isEqualTo(isBrick);
                assertThat(p.masks(i).annotates("color")).isFalse();
            }
        }
        // half the images are textures, 12 texture concepts: about 10 each of 240
        assertThat(brick).isBetween(3, 25);
        assertThat(moss).isBetween(3, 25);
        // the same settings write the same bytes
        SynthProbeSet.write(s, tmp.resolve("b"));
        assertThat(Files.readString(tmp.resolve("b/index.csv"))).isEqualTo(Files.readString(tmp.resolve("a/index.csv")));
        assertThat(Files.readString(tmp.resolve("b/label.csv"))).isEqualTo(Files.readString(tmp.resolve("a/label.csv")));
    }

    @Test
    void dissectionLabelsTheRednessUnitWithTheRedPhotos() {
        SynthSettings s = SynthSettings.defaults().withImages(240).withSize(32).withSeed(3).withTextures(textures());
        ProbeSet p = ProbeSet.open(SynthProbeSet.write(s, tmp.resolve("a")));
        try (Model m = PlantedNets.planted(32)) {
            DissectResult r = DissectJob.run(m, p, DissectSettings.defaults().withSketchK(1000).withLayers("colour").withQuantile(0.04),
                    PassListener.NONE, null);
            DissectResult.Match texture = r.labels("colour").get(0).best().stream()
                    .filter(x -> x.category().equals("texture")).findFirst().orElseThrow();
            assertThat(texture.concept()).isEqualTo("brick");
        }
    }

    @Test
    void badFoldersAreRefusedWithOneLine() throws Exception {
        Path notDir = tmp.resolve("nothing");
        assertThatThrownBy(() -> NaturalTextures.read(notDir)).isInstanceOf(VisorException.class).hasMessageContaining("not a folder");
        Path empty = Files.createDirectories(tmp.resolve("empty/bark"));
        assertThatThrownBy(() -> NaturalTextures.read(empty.getParent())).isInstanceOf(VisorException.class)
                .hasMessageContaining("holds no image files");
        Path clash = tmp.resolve("clash");
        Images.writePng(noisy(8, 8, 1, 2, 3, 4), clash.resolve("checks/a.png"));
        assertThatThrownBy(() -> NaturalTextures.read(clash)).isInstanceOf(VisorException.class).hasMessageContaining("built-in");
        Path badName = tmp.resolve("bad");
        Images.writePng(noisy(8, 8, 1, 2, 3, 4), badName.resolve("a,b/a.png"));
        assertThatThrownBy(() -> NaturalTextures.read(badName)).isInstanceOf(VisorException.class).hasMessageContaining("folder name");
        Path corrupt = tmp.resolve("corrupt");
        Files.createDirectories(corrupt.resolve("bark"));
        Files.writeString(corrupt.resolve("bark/x.png"), "not a png");
        assertThatThrownBy(() -> NaturalTextures.read(corrupt)).isInstanceOf(VisorException.class).hasMessageContaining("x.png");
    }
}
