package dev.visor.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.visor.VisorException;
import dev.visor.engine.Engines;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFileDatasetTest {
    @TempDir
    Path tmp;

    /** A 4×3 grey image whose pixels are {@code base + 10·index}. */
    private static void grey(Path file, int base) {
        BufferedImage img = new BufferedImage(4, 3, BufferedImage.TYPE_BYTE_GRAY);
        for (int i = 0; i < 12; i++) {
            img.getRaster().setSample(i % 4, i / 4, 0, base + 10 * i);
        }
        Images.writePng(img, file);
    }

    @Test
    void classFoldersGiveSortedClassesAndExactPixels() {
        grey(tmp.resolve("dog/b.png"), 5);
        grey(tmp.resolve("cat/a.png"), 1);
        grey(tmp.resolve("cat/c.png"), 2);
        Dataset d = Datasets.open(tmp.toString(), Split.TEST);
        assertThat(d.classNames()).containsExactly("cat", "dog");
        assertThat(d.size()).isEqualTo(3);
        assertThat(new int[] {d.label(0), d.label(1), d.label(2)}).containsExactly(0, 0, 1);
        try (NDManager m = Engines.newManager()) {
            NDArray x = d.images(m, new int[] {2, 0}, 1, 3, 4);
            assertThat(x.getShape().getShape()).containsExactly(2, 1, 3, 4);
            float[] v = x.toFloatArray();
            for (int i = 0; i < 12; i++) {
                assertThat(v[i]).isCloseTo((5 + 10 * i) / 255f, org.assertj.core.data.Offset.offset(1e-6f));
                assertThat(v[12 + i]).isCloseTo((1 + 10 * i) / 255f, org.assertj.core.data.Offset.offset(1e-6f));
            }
        }
    }

    @Test
    void greyImagesKeepTheirSampleValuesWhenResized() {
        BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
        for (int i = 0; i < 64; i++) {
            img.getRaster().setSample(i % 8, i / 8, 0, 77);
        }
        Images.writePng(img, tmp.resolve("flat/g.png"));
        Dataset d = Datasets.open(tmp.resolve("flat").toString(), Split.TEST);
        try (NDManager m = Engines.newManager()) {
            for (float v : d.images(m, new int[] {0}, 3, 5, 5).toFloatArray()) {
                assertThat(v).isCloseTo(77 / 255f, org.assertj.core.data.Offset.offset(1e-6f));
            }
        }
    }

    @Test
    void flatFolderIsUnlabelled() {
        grey(tmp.resolve("x.png"), 0);
        grey(tmp.resolve("y.png"), 0);
        Dataset d = Datasets.open(tmp.toString(), Split.TEST);
        assertThat(d.size()).isEqualTo(2);
        assertThat(d.labelled()).isFalse();
        assertThat(d.label(0)).isEqualTo(-1);
    }

    @Test
    void csvWithNamedAndNumericLabels() throws IOException {
        grey(tmp.resolve("img/a.png"), 1);
        grey(tmp.resolve("img/b.png"), 2);
        grey(tmp.resolve("img/c.png"), 3);
        Path named = tmp.resolve("list.csv");
        Files.writeString(named, "path,label\nimg/a.png,zebra\nimg/b.png,ant\n\"img/c.png\",zebra\n");
        Dataset d = Datasets.open(named.toString(), Split.TEST);
        assertThat(d.classNames()).containsExactly("ant", "zebra");
        assertThat(new int[] {d.label(0), d.label(1), d.label(2)}).containsExactly(1, 0, 1);

        Path numeric = tmp.resolve("num.csv");
        Files.writeString(numeric, "img/a.png,3\nimg/b.png,0\n");
        Dataset n = ImageFileDataset.csv(numeric);
        assertThat(n.classNames()).containsExactly("0", "1", "2", "3");
        assertThat(n.label(0)).isEqualTo(3);

        Path plain = tmp.resolve("plain.csv");
        Files.writeString(plain, "img/a.png\nimg/c.png\n");
        assertThat(ImageFileDataset.csv(plain).labelled()).isFalse();
    }

    @Test
    void badInputsAreClearErrors() throws IOException {
        Path csv = tmp.resolve("bad.csv");
        Files.writeString(csv, "missing.png,cat\n");
        assertThatThrownBy(() -> ImageFileDataset.csv(csv)).isInstanceOf(VisorException.class)
                .hasMessageContaining("line 1").hasMessageContaining("missing.png");
        assertThatThrownBy(() -> Datasets.open(tmp.resolve("nope").toString(), Split.TEST))
                .isInstanceOf(VisorException.class).hasMessageContaining("dataset not found");
        assertThatThrownBy(() -> Datasets.open("fashion-mnist:valid", Split.TEST))
                .isInstanceOf(VisorException.class).hasMessageContaining("valid: train, test");
        Files.createDirectories(tmp.resolve("empty"));
        assertThatThrownBy(() -> ImageFileDataset.folder(tmp.resolve("empty"))).isInstanceOf(VisorException.class)
                .hasMessageContaining("no images");
    }

    @Test
    void fashionMnistNamesAndSplits() {
        Dataset train = Datasets.open("fashion-mnist", Split.TRAIN);
        Dataset test = Datasets.open("fashion-mnist", Split.TEST);
        assertThat(train.size()).isEqualTo(60000);
        assertThat(test.size()).isEqualTo(10000);
        assertThat(Datasets.open("fashion-mnist:test", Split.TRAIN).size()).isEqualTo(10000);
        assertThat(Datasets.open(FashionMnist.DEBIAN_DIR.toString(), Split.TEST).classNames())
                .isEqualTo(List.copyOf(FashionMnist.CLASS_NAMES));
    }
}
