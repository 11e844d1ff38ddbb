package io.vigil.ingest;

/** A source (file or camera) could not be read; the message names the source and says why. */
public class IngestException extends RuntimeException {
    public IngestException(String message) {
        super(message);
    }

    public IngestException(String message, Throwable cause) {
        super(message, cause);
    }
}
