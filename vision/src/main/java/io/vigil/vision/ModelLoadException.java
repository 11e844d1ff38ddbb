package io.vigil.vision;

/** A model could not be fetched, converted or loaded, or it is not the kind of model expected. */
public class ModelLoadException extends RuntimeException {
    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
