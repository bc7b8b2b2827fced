package dev.visor.train;

import dev.visor.data.Images;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

/** Draws a confusion matrix as a PNG: row-normalised cells shaded white to blue, counts written in. */
public final class ConfusionPlot {
    private static final int CELL = 48;

    private ConfusionPlot() {}

    /** Renders the matrix of an evaluation. */
    public static BufferedImage render(Evaluation.Result r, String title) {
        List<String> names = r.classNames();
        int k = names.size();
        int left = 130;
        int top = 150;
        int w = left + k * CELL + 20;
        int h = top + k * CELL + 50;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title, 10, 20);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString(String.format("accuracy %.2f%% of %d images; rows: true class, columns: predicted", 100 * r.accuracy(),
                r.total()), 10, 38);
        Font small = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
        g.setFont(small);
        FontMetrics fm = g.getFontMetrics();
        for (int i = 0; i < k; i++) {
            long row = 0;
            for (long v : r.confusion()[i]) {
                row += v;
            }
            String name = names.get(i);
            g.setColor(Color.BLACK);
            g.drawString(name, left - 6 - fm.stringWidth(name), top + i * CELL + CELL / 2 + 4);
            AffineTransform saved = g.getTransform();
            g.rotate(-Math.PI / 3, left + i * CELL + CELL / 2.0, top - 6);
            g.drawString(name, left + i * CELL + CELL / 2, top - 6);
            g.setTransform(saved);
            for (int j = 0; j < k; j++) {
                long v = r.confusion()[i][j];
                double f = row == 0 ? 0 : (double) v / row;
                int shade = (int) Math.round(255 * (1 - Math.sqrt(f)));
                g.setColor(new Color(shade, shade, 255));
                g.fillRect(left + j * CELL, top + i * CELL, CELL, CELL);
                g.setColor(f > 0.4 ? Color.WHITE : Color.BLACK);
                String s = Long.toString(v);
                g.drawString(s, left + j * CELL + (CELL - fm.stringWidth(s)) / 2, top + i * CELL + CELL / 2 + 4);
            }
        }
        g.setColor(Color.GRAY);
        g.setStroke(new BasicStroke(1));
        for (int i = 0; i <= k; i++) {
            g.drawLine(left, top + i * CELL, left + k * CELL, top + i * CELL);
            g.drawLine(left + i * CELL, top, left + i * CELL, top + k * CELL);
        }
        g.dispose();
        return img;
    }

    /** Renders and writes a PNG. */
    public static void write(Evaluation.Result r, String title, Path png) {
        Images.writePng(render(r, title), png);
    }
}
