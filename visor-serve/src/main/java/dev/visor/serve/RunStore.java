package dev.visor.serve;

import dev.visor.VisorException;
import dev.visor.report.OutputDir;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The runs folder: one run directory per finished job ({@code RUNS/<job id>/}, the files {@code visor render}
 * writes), and the only place the server reads files from.
 *
 * <p>A job writes into a hidden {@code .tmp-<id>-<n>} folder that is renamed to its run directory in one
 * atomic move when it finishes, so a run directory is always complete: a server killed mid-job leaves only a
 * hidden folder, removed at the next start.
 */
public final class RunStore {
    /** Names the server creates and serves: letters, digits, {@code _ . -}; never starting with a dot. */
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9_.-]{0,127}");
    private static final String TMP = ".tmp-";

    private final Path root;
    private long counter;

    /** Creates the folder if needed, proves it writable and removes what killed jobs left. */
    public RunStore(Path dir) {
        OutputDir.prepare(dir);
        try {
            this.root = dir.toRealPath();
            try (Stream<Path> s = Files.list(root)) {
                for (Path p : s.filter(p -> p.getFileName().toString().startsWith(TMP)).toList()) {
                    deleteTree(p);
                }
            }
        } catch (IOException e) {
            throw new VisorException("cannot read runs folder " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The folder (a real path). */
    public Path root() {
        return root;
    }

    /** The run directory of a job id (it may not exist). */
    public Path runDir(String id) {
        return root.resolve(checkedSegment(id));
    }

    /** True when the job's run directory exists, i.e. the job finished (possibly in an earlier server). */
    public boolean finished(String id) {
        return Files.isDirectory(runDir(id));
    }

    /** A fresh hidden folder a job writes into. */
    public synchronized Path scratch(String id) {
        return root.resolve(TMP + checkedSegment(id) + "-" + (counter++));
    }

    /** Renames a job's scratch folder to its run directory in one atomic move; a lost race keeps the first. */
    public void commit(Path scratch, String id) {
        Path target = runDir(id);
        try {
            Files.move(scratch, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
            discard(scratch);
        } catch (AtomicMoveNotSupportedException e) {
            throw new VisorException("the runs folder " + root + " does not support atomic renames", e);
        } catch (IOException e) {
            if (Files.isDirectory(target)) {
                discard(scratch);
                return;
            }
            throw new VisorException("cannot finish run " + id + ": " + e.getMessage(), e);
        }
    }

    /** Deletes a scratch folder (a cancelled or failed job). */
    public void discard(Path scratch) {
        try {
            deleteTree(scratch);
        } catch (IOException e) {
            // left for the next start's clean-up
        }
    }

    /** The file names in a run directory, sorted (PNGs first). */
    public List<String> files(String id) {
        try (Stream<Path> s = Files.list(runDir(id))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> SEGMENT.matcher(n).matches())
                    .sorted(Comparator.comparing((String n) -> !n.endsWith(".png")).thenComparing(n -> n)).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Ids of the finished runs, newest first. */
    public List<String> runs() {
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(Files::isDirectory).filter(p -> SEGMENT.matcher(p.getFileName().toString()).matches())
                    .sorted(Comparator.comparing(RunStore::modified).reversed()).map(p -> p.getFileName().toString()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The file a request path names, relative to the runs folder, as it came on the wire (not decoded).
     * Refused: anything but plain names ({@code ..}, {@code .}, hidden names, percent escapes of any depth,
     * backslashes, absolute paths, empty segments), and any path whose real location — symlinks followed —
     * is outside the runs folder or is not a regular file.
     *
     * @throws ApiError 400 for a malformed path, 403 for one leading outside, 404 for a missing file
     */
    public Path resolve(String rawRelative) {
        if (rawRelative == null || rawRelative.isEmpty() || rawRelative.length() > 512) {
            throw new ApiError(400, "bad file path");
        }
        String[] parts = rawRelative.split("/", -1);
        if (parts.length > 4) {
            throw new ApiError(400, "bad file path: too deep");
        }
        Path p = root;
        for (String part : parts) {
            if (!SEGMENT.matcher(part).matches()) {
                throw new ApiError(400, "bad file path: only names of letters, digits and _ . - are served");
            }
            p = p.resolve(part);
        }
        Path normal = p.normalize();
        if (!normal.startsWith(root)) {
            throw new ApiError(403, "path leads outside the runs folder");
        }
        Path real;
        try {
            real = normal.toRealPath();
        } catch (IOException e) {
            throw new ApiError(404, "no such file: " + rawRelative);
        }
        if (!real.startsWith(root)) {
            throw new ApiError(403, "path leads outside the runs folder");
        }
        if (!Files.isRegularFile(real)) {
            throw new ApiError(404, "no such file: " + rawRelative);
        }
        return real;
    }

    private static String checkedSegment(String id) {
        if (id == null || !SEGMENT.matcher(id).matches()) {
            throw new ApiError(400, "bad job id");
        }
        return id;
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }
}
