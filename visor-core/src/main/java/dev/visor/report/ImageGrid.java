package dev.visor.report;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;

/** Lays images out in a grid (for contact sheets of renders). */
public final class ImageGrid {
    private ImageGrid() {}

    /**
     * A grid of images in reading order, each cell as large as the largest image, separated by
     * {@code gap} pixels of white.
     *
     * @param columns cells per row (0: about square)
     */
    public static BufferedImage grid(List<BufferedImage> images, int columns, int gap) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("no images for a grid");
        }
        int cols = columns > 0 ? columns : (int) Math.ceil(Math.sqrt(images.size()));
        int rows = (images.size() + cols - 1) / cols;
        int cw = images.stream().mapToInt(BufferedImage::getWidth).max().orElseThrow();
        int ch = images.stream().mapToInt(BufferedImage::getHeight).max().orElseThrow();
        BufferedImage out = new BufferedImage(cols * cw + (cols + 1) * gap, rows * ch + (rows + 1) * gap, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        for (int i = 0; i < images.size(); i++) {
            int x = gap + (i % cols) * (cw + gap);
            int y = gap + (i / cols) * (ch + gap);
            g.drawImage(images.get(i), x, y, null);
        }
        g.dispose();
        return out;
    }
}
