package dev.visor;

/**
 * An error the user can cause and fix (bad path, unknown layer, unsupported op, corrupt file).
 * Front ends print {@link #getMessage()} as one line and exit with status 2; no stack trace.
 */
public class VisorException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message one sentence naming what was wrong and what is valid */
    public VisorException(String message) {
        super(message);
    }

    /** @param message one sentence naming what was wrong and what is valid
     *  @param cause   the underlying error, kept for debug logging */
    public VisorException(String message, Throwable cause) {
        super(message, cause);
    }
}
