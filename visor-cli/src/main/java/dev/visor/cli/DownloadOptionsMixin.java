package dev.visor.cli;

import dev.visor.data.FashionMnist;
import java.net.URI;
import picocli.CommandLine.Option;

/** The flags that fetch Fashion-MNIST when it is not installed (shared by train and eval). */
public final class DownloadOptionsMixin {
    @Option(names = "--download", description = "download Fashion-MNIST (official URL, SHA-256 checked) if it is not installed")
    boolean download;

    @Option(names = "--mirror", paramLabel = "URL", description = "download from this mirror instead (http(s): or file:)")
    URI mirror;

    /** Downloads (or finds) Fashion-MNIST when asked to. */
    public void apply() {
        if (download || mirror != null) {
            FashionMnist.locateOrDownload(mirror != null ? mirror : FashionMnist.OFFICIAL_URL);
        }
    }
}
