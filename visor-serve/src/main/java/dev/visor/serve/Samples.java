package dev.visor.serve;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.visor.data.Dataset;
import dev.visor.data.Datasets;
import dev.visor.data.Images;
import dev.visor.data.Split;
import dev.visor.model.Model;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * The sample images attribution runs on: the first images of {@code --data} (test split), at the model's input
 * size, kept as 8-bit images and PNG bytes (Fashion-MNIST and image files are 8-bit, so nothing is lost).
 */
public final class Samples {
    /** Images taken from the dataset. */
    public static final int COUNT = 16;

    private final String source;
    private final List<BufferedImage> images;
    private final List<String> labels;
    private final List<byte[]> pngs = new ArrayList<>();

    private Samples(String source, List<BufferedImage> images, List<String> labels) {
        this.source = source;
        this.images = List.copyOf(images);
        this.labels = List.copyOf(labels);
        for (BufferedImage img : images) {
            try {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                ImageIO.write(img, "png", b);
                pngs.add(b.toByteArray());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** No samples (no {@code --data}): attribution is not offered. */
    public static Samples none() {
        return new Samples("", List.of(), List.of());
    }

    /** The first {@link #COUNT} images of a dataset, read at the model's input size. */
    public static Samples of(String dataSpec, Model model) {
        Dataset d = Datasets.open(dataSpec, Split.TEST);
        int n = Math.min(COUNT, d.size());
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        List<BufferedImage> imgs = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        var s = model.inputSpec();
        try (NDManager m = model.manager().newSubManager()) {
            NDArray x = d.images(m, idx, s.channels(), s.height(), s.width());
            for (int i = 0; i < n; i++) {
                imgs.add(Images.toImage(x.get(i)));
                int label = d.label(i);
                labels.add(label >= 0 && label < d.classNames().size() ? d.classNames().get(label) : "");
            }
        }
        return new Samples(dataSpec, imgs, labels);
    }

    /** Number of samples. */
    public int size() {
        return images.size();
    }

    /** Where they came from. */
    public String source() {
        return source;
    }

    /** Sample {@code i} as an image. */
    public BufferedImage image(int i) {
        return images.get(i);
    }

    /** Sample {@code i} as PNG bytes. */
    public byte[] png(int i) {
        return pngs.get(i);
    }

    /** The JSON view of {@code GET /api/samples}. */
    public List<Map<String, Object>> json() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("index", i);
            m.put("label", labels.get(i));
            m.put("url", "/api/samples/" + i + ".png");
            out.add(m);
        }
        return out;
    }
}
