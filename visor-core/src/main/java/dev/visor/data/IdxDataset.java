package dev.visor.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.visor.VisorException;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

/**
 * Grey images from an IDX image file (N×H×W bytes) with labels from an IDX label file (N bytes),
 * as MNIST and Fashion-MNIST ship them. Held in memory as bytes (47 MB for 60000 28×28 images).
 */
public final class IdxDataset implements Dataset {
    private final String name;
    private final IdxFile images;
    private final byte[] labels;
    private final List<String> classNames;

    /**
     * @param name       description for messages
     * @param images     an IDX file of rank 3 (N, H, W)
     * @param labels     an IDX file of rank 1 (N), or null for unlabelled images
     * @param classNames names of the label values (null: "0", "1", ... up to the largest label)
     */
    public IdxDataset(String name, IdxFile images, IdxFile labels, List<String> classNames) {
        if (images.dims().length != 3) {
            throw new VisorException(name + ": an IDX image file must have 3 dimensions (N, H, W), got "
                    + java.util.Arrays.toString(images.dims()));
        }
        if (labels != null && (labels.dims().length != 1 || labels.count() != images.count())) {
            throw new VisorException(name + ": the label file has dims " + java.util.Arrays.toString(labels.dims())
                    + " but the image file has " + images.count() + " images");
        }
        this.name = name;
        this.images = images;
        this.labels = labels == null ? null : labels.data();
        int max = -1;
        if (this.labels != null) {
            for (byte b : this.labels) {
                max = Math.max(max, b & 0xff);
            }
        }
        if (classNames == null) {
            classNames = java.util.stream.IntStream.rangeClosed(0, max).mapToObj(String::valueOf).toList();
        } else if (max >= classNames.size()) {
            throw new VisorException(name + ": label " + max + " is out of range for " + classNames.size() + " classes");
        }
        this.classNames = List.copyOf(classNames);
    }

    /** Reads an image file and an optional label file. */
    public static IdxDataset read(String name, Path imageFile, Path labelFile, List<String> classNames) {
        return new IdxDataset(name, IdxFile.read(imageFile), labelFile == null ? null : IdxFile.read(labelFile), classNames);
    }

    /** Stored image height. */
    public int height() {
        return images.dims()[1];
    }

    /** Stored image width. */
    public int width() {
        return images.dims()[2];
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int size() {
        return images.count();
    }

    @Override
    public List<String> classNames() {
        return labels == null ? List.of() : classNames;
    }

    @Override
    public int label(int i) {
        return labels == null ? -1 : labels[i] & 0xff;
    }

    @Override
    public NDArray images(NDManager manager, int[] indices, int channels, int height, int width) {
        int h = height();
        int w = width();
        if (height != h || width != w) {
            // Resizing goes through the one image path of Images (rare: models with other input sizes).
            NDList list = new NDList();
            for (int i : indices) {
                list.add(Images.toTensor(manager, toImage(i), channels, height, width));
            }
            return ai.djl.ndarray.NDArrays.concat(list, 0);
        }
        int plane = h * w;
        byte[] data = images.data();
        float[] out = new float[indices.length * channels * plane];
        for (int k = 0; k < indices.length; k++) {
            int src = indices[k] * plane;
            for (int c = 0; c < channels; c++) {
                int dst = (k * channels + c) * plane;
                for (int p = 0; p < plane; p++) {
                    out[dst + p] = (data[src + p] & 0xff) / 255f;
                }
            }
        }
        return manager.create(out, new Shape(indices.length, channels, h, w));
    }

    /** Item {@code i} as a grey image. */
    public BufferedImage toImage(int i) {
        int h = height();
        int w = width();
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setDataElements(0, 0, w, h, java.util.Arrays.copyOfRange(images.data(), i * h * w, (i + 1) * h * w));
        return img;
    }
}
