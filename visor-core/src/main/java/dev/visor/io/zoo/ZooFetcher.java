package dev.visor.io.zoo;

import dev.visor.VisorException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a zoo model's files into the cache and checks each one's SHA-256. A file already cached
 * with the right digest is kept; others are fetched (from the mirror when set, else the model's
 * home) into a temporary name, checked, then moved into place, so an interrupted or corrupt
 * download never looks like a cached file.
 */
public final class ZooFetcher {
    private static final Logger LOG = LoggerFactory.getLogger(ZooFetcher.class);
    private final ZooSettings settings;

    /** A fetcher with these settings. */
    public ZooFetcher(ZooSettings settings) {
        this.settings = settings;
    }

    /** Thrown by a source that does not have a file. */
    private static final class NotFound extends IOException {
        private static final long serialVersionUID = 1L;

        NotFound(String what) {
            super(what);
        }
    }

    /** The folder holding the model's verified files, fetching what is missing. */
    public Path fetch(ZooModel model) {
        Path dir = settings.cacheRoot().resolve(model.name());
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new VisorException("cannot create the zoo cache folder " + dir + ": " + e.getMessage(), e);
        }
        for (ZooFile f : model.files()) {
            Path target = dir.resolve(f.path());
            if (Files.isRegularFile(target) && f.sha256().equals(sha256(target))) {
                continue;
            }
            String from = location(model, f);
            try {
                download(from, target, f, model);
            } catch (NotFound e) {
                if (!f.optional()) {
                    throw new VisorException("zoo model " + model.name() + ": file " + f.path() + " not found at " + from, e);
                }
                LOG.warn("zoo model {}: optional file {} not found at {}; going on without it", model.name(), f.path(), from);
            } catch (IOException | InterruptedException e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                throw new VisorException("zoo model " + model.name() + ": cannot fetch " + f.path() + " from " + from + ": "
                        + e.getMessage(), e);
            }
        }
        return dir;
    }

    /** Where a file comes from: MIRROR/NAME/path, or the model's home. */
    String location(ZooModel model, ZooFile f) {
        String m = settings.mirror();
        if (m == null) {
            return model.baseUrl() + f.path();
        }
        if (isUrl(m)) {
            return (m.endsWith("/") ? m : m + "/") + model.name() + "/" + f.path();
        }
        return Path.of(m).resolve(model.name()).resolve(f.path()).toString();
    }

    private static boolean isUrl(String s) {
        return s.startsWith("http://") || s.startsWith("https://") || s.startsWith("file:");
    }

    private void download(String from, Path target, ZooFile f, ZooModel model) throws IOException, InterruptedException {
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".part");
        try {
            String got;
            try (InputStream in = open(from); OutputStream out = Files.newOutputStream(tmp)) {
                got = copyHashing(in, out);
            }
            if (!got.equals(f.sha256())) {
                throw new VisorException("zoo model " + model.name() + ": file " + f.path() + " from " + from + " has SHA-256 "
                        + got + " but the zoo expects " + f.sha256());
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            LOG.info("zoo model {}: fetched {} from {}", model.name(), f.path(), from);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static InputStream open(String from) throws IOException, InterruptedException {
        if (from.startsWith("http://") || from.startsWith("https://")) {
            HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                    .connectTimeout(Duration.ofSeconds(30)).build();
            HttpRequest req = HttpRequest.newBuilder(URI.create(from)).timeout(Duration.ofMinutes(10)).GET().build();
            HttpResponse<InputStream> r = client.send(req, HttpResponse.BodyHandlers.ofInputStream());
            if (r.statusCode() == 404) {
                r.body().close();
                throw new NotFound(from);
            }
            if (r.statusCode() != 200) {
                r.body().close();
                throw new IOException("HTTP status " + r.statusCode());
            }
            return r.body();
        }
        Path p = from.startsWith("file:") ? Path.of(URI.create(from)) : Path.of(from);
        try {
            return Files.newInputStream(p);
        } catch (NoSuchFileException e) {
            throw new NotFound(from);
        }
    }

    private static String copyHashing(InputStream in, OutputStream out) throws IOException {
        MessageDigest md = sha();
        byte[] buf = new byte[1 << 16];
        for (int n; (n = in.read(buf)) > 0; ) {
            md.update(buf, 0, n);
            out.write(buf, 0, n);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** The SHA-256 of a file, lower-case hex. */
    public static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return copyHashing(in, OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new VisorException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static MessageDigest sha() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
