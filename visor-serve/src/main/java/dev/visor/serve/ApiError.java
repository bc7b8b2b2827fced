package dev.visor.serve;

/** A request the server refuses: an HTTP status and one line for the client, sent as {@code {"error": ...}}. */
public final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final long retryAfter;

    /** @param status 4xx status; @param message one line naming what was wrong and what is valid */
    public ApiError(int status, String message) {
        this(status, message, 0);
    }

    /** The same, with a Retry-After hint in seconds (429). */
    public ApiError(int status, String message, long retryAfter) {
        super(message);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** Seconds to wait before retrying (0: none given). */
    public long retryAfter() {
        return retryAfter;
    }
}
