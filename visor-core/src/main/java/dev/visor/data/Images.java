package dev.visor.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.visor.VisorException;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Image files to and from tensors. Tensors are NCHW floats in [0, 1], RGB or grey: the image side
 * of {@link dev.visor.model.InputSpec}, which alone maps them to a model's input.
 */
public final class Images {
    private static final Logger LOG = LoggerFactory.getLogger(Images.class);

    private Images() {}

    /** Reads an image file; a clear error if it is missing or cannot be decoded. */
    public static BufferedImage read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new VisorException("image not found: " + file);
        }
        try {
            BufferedImage img = ImageIO.read(file.toFile());
            if (img == null) {
                throw new VisorException("cannot decode image " + file + " (not a PNG, JPEG, GIF or BMP file)");
            }
            return img;
        } catch (IOException | RuntimeException e) {
            if (e instanceof VisorException ve) {
                throw ve;
            }
            throw new VisorException("cannot decode image " + file + ": " + e.getMessage(), e);
        }
    }

    /** Scales an image to exactly {@code w}×{@code h} (bilinear; the aspect ratio is not kept). */
    public static BufferedImage resize(BufferedImage img, int w, int h) {
        if (img.getWidth() == w && img.getHeight() == h) {
            return img;
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(img, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    /** Scales a grey image to {@code w}×{@code h} (bilinear) keeping its grey type and sample values. */
    private static BufferedImage resizeGrey(BufferedImage img, int w, int h) {
        if (img.getWidth() == w && img.getHeight() == h) {
            return img;
        }
        BufferedImage out = new BufferedImage(w, h, img.getType());
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(img, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    /**
     * One image as a (1, C, H, W) tensor in [0, 1], resized to {@code h}×{@code w}. Grey images are
     * replicated to RGB and RGB images averaged to grey as {@code channels} asks; alpha is dropped
     * (composited on black). Conversions are logged at debug level.
     */
    public static NDArray toTensor(NDManager manager, BufferedImage img, int channels, int h, int w) {
        int type = img.getType();
        boolean grey = type == BufferedImage.TYPE_BYTE_GRAY || type == BufferedImage.TYPE_USHORT_GRAY;
        if (grey && channels == 3) {
            LOG.debug("converting a grey image to RGB");
        } else if (!grey && channels == 1) {
            LOG.debug("converting a colour image to grey");
        }
        if (img.getColorModel().hasAlpha()) {
            LOG.debug("dropping the alpha channel");
        }
        float[] data = new float[channels * h * w];
        int plane = h * w;
        if (grey && !img.getColorModel().hasAlpha()) {
            // getRGB() would pass grey samples through a linear-to-sRGB conversion (5 reads as 38);
            // the stored sample is what every other library reads, so use it.
            BufferedImage r = resizeGrey(img, w, h);
            double max = type == BufferedImage.TYPE_USHORT_GRAY ? 65535.0 : 255.0;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    float v = (float) (r.getRaster().getSample(x, y, 0) / max);
                    for (int c = 0; c < channels; c++) {
                        data[c * plane + y * w + x] = v;
                    }
                }
            }
            return manager.create(data, new Shape(1, channels, h, w));
        }
        BufferedImage r = resize(img, w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int argb = r.getRGB(x, y);
                float alpha = ((argb >>> 24) & 0xff) / 255f;
                float rr = ((argb >> 16) & 0xff) / 255f * alpha;
                float gg = ((argb >> 8) & 0xff) / 255f * alpha;
                float bb = (argb & 0xff) / 255f * alpha;
                int i = y * w + x;
                if (channels == 1) {
                    data[i] = 0.299f * rr + 0.587f * gg + 0.114f * bb;
                } else {
                    data[i] = rr;
                    data[plane + i] = gg;
                    data[2 * plane + i] = bb;
                }
            }
        }
        return manager.create(data, new Shape(1, channels, h, w));
    }

    /** Loads files into one (N, C, H, W) batch in [0, 1]. */
    public static NDArray load(NDManager manager, List<Path> files, int channels, int h, int w) {
        NDList list = new NDList();
        for (Path f : files) {
            list.add(toTensor(manager, read(f), channels, h, w));
        }
        return ai.djl.ndarray.NDArrays.concat(list, 0);
    }

    /** One image of a (C, H, W) or (1, C, H, W) tensor in [0, 1] (clipped) as an RGB image. */
    public static BufferedImage toImage(NDArray chw) {
        NDArray a = chw.getShape().dimension() == 4 ? chw.get(0) : chw;
        int c = (int) a.getShape().get(0);
        int h = (int) a.getShape().get(1);
        int w = (int) a.getShape().get(2);
        float[] d = a.toFloatArray();
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int plane = h * w;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                int r = byteOf(d[i]);
                int g = c == 1 ? r : byteOf(d[plane + i]);
                int b = c == 1 ? r : byteOf(d[2 * plane + i]);
                img.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return img;
    }

    /** Writes a PNG (parent folders created). */
    public static void writePng(BufferedImage img, Path file) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            // Written beside the target, then moved over it: a killed job never leaves a truncated PNG that looks done.
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            if (!ImageIO.write(img, "png", tmp.toFile())) {
                throw new IOException("no PNG writer for this image type");
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new VisorException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static int byteOf(float v) {
        if (Float.isNaN(v)) {
            throw new VisorException("refusing to write an image with NaN pixels");
        }
        return Math.round(Math.max(0f, Math.min(1f, v)) * 255f);
    }
}
