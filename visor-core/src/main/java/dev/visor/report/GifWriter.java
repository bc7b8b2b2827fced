package dev.visor.report;

import dev.visor.VisorException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/** Writes an animated GIF that loops forever (javax.imageio's GIF writer), atomically. */
public final class GifWriter {
    private GifWriter() {}

    /**
     * @param frames  the frames (same size)
     * @param delayMs time per frame
     * @param scale   integer upscaling of every frame (nearest neighbour), 1 for none
     */
    public static void write(List<BufferedImage> frames, int delayMs, int scale, Path file) {
        if (frames.isEmpty()) {
            throw new VisorException("a GIF needs at least one frame: " + file);
        }
        Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName("gif");
        ImageWriter writer = it.next();
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (ImageOutputStream out = ImageIO.createImageOutputStream(tmp.toFile())) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            for (BufferedImage f : frames) {
                BufferedImage img = scaled(f, scale);
                ImageTypeSpecifier type = ImageTypeSpecifier.createFromRenderedImage(img);
                IIOMetadata meta = writer.getDefaultImageMetadata(type, writer.getDefaultWriteParam());
                String format = meta.getNativeMetadataFormatName();
                IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(format);
                IIOMetadataNode gce = child(root, "GraphicControlExtension");
                gce.setAttribute("disposalMethod", "none");
                gce.setAttribute("userInputFlag", "FALSE");
                gce.setAttribute("transparentColorFlag", "FALSE");
                gce.setAttribute("delayTime", Integer.toString(Math.max(1, delayMs / 10)));
                gce.setAttribute("transparentColorIndex", "0");
                IIOMetadataNode app = child(root, "ApplicationExtensions");
                IIOMetadataNode loop = new IIOMetadataNode("ApplicationExtension");
                loop.setAttribute("applicationID", "NETSCAPE");
                loop.setAttribute("authenticationCode", "2.0");
                loop.setUserObject(new byte[] {1, 0, 0});
                app.appendChild(loop);
                meta.setFromTree(format, root);
                writer.writeToSequence(new IIOImage(img, null, meta), writer.getDefaultWriteParam());
            }
            writer.endWriteSequence();
        } catch (IOException e) {
            throw new VisorException("cannot write " + file + ": " + e.getMessage(), e);
        } finally {
            writer.dispose();
        }
        try {
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new VisorException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static BufferedImage scaled(BufferedImage f, int scale) {
        BufferedImage img = new BufferedImage(f.getWidth() * scale, f.getHeight() * scale, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = img.createGraphics();
        g.drawImage(f, 0, 0, img.getWidth(), img.getHeight(), null);
        g.dispose();
        return img;
    }

    private static IIOMetadataNode child(IIOMetadataNode root, String name) {
        for (int i = 0; i < root.getLength(); i++) {
            if (root.item(i).getNodeName().equalsIgnoreCase(name)) {
                return (IIOMetadataNode) root.item(i);
            }
        }
        IIOMetadataNode n = new IIOMetadataNode(name);
        root.appendChild(n);
        return n;
    }
}
