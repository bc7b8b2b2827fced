package dev.visor.data;

import dev.visor.VisorException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;

/**
 * Fetches a data file from a URL ({@code https:}, {@code http:} or {@code file:} for a local
 * mirror) and checks its SHA-256 before it is kept. For gzipped files the digest is of the
 * <em>uncompressed</em> content, so a mirror that recompressed the file (as Debian's package does)
 * still verifies, while any change of the data does not.
 */
public final class Download {
    private Download() {}

    /**
     * Downloads {@code url} to {@code target} unless a verified copy is already there.
     *
     * @param sha256 hex SHA-256 of the (uncompressed) content
     * @throws VisorException when the URL cannot be read or the content does not match
     */
    public static void fetch(URI url, Path target, String sha256) {
        if (Files.isRegularFile(target) && sha256.equals(contentSha256(target))) {
            return;
        }
        Path tmp = target.resolveSibling(target.getFileName() + ".part");
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            URLConnection c = url.toURL().openConnection();
            c.setConnectTimeout(30_000);
            c.setReadTimeout(60_000);
            try (InputStream in = c.getInputStream(); OutputStream out = Files.newOutputStream(tmp)) {
                in.transferTo(out);
            }
        } catch (IOException | IllegalArgumentException e) {
            deleteQuietly(tmp);
            throw new VisorException("cannot download " + url + ": " + e, e);
        }
        String got = contentSha256(tmp);
        if (!sha256.equals(got)) {
            deleteQuietly(tmp);
            throw new VisorException("checksum mismatch for " + url + ": its content has SHA-256 " + got + ", expected "
                    + sha256 + "; the download is corrupt or the mirror serves another file");
        }
        try {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new VisorException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /** SHA-256 (hex) of a file's content, uncompressed first when the file is gzipped. */
    public static String contentSha256(Path file) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            boolean gz;
            try (InputStream probe = Files.newInputStream(file)) {
                gz = probe.read() == 0x1f && probe.read() == 0x8b;
            }
            try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
                 InputStream in = new DigestInputStream(gz ? new GZIPInputStream(raw, 1 << 16) : raw, md)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            return "unreadable (" + e.getMessage() + ")";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort
        }
    }
}
