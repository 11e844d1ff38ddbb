package io.vigil.vision.tfjs;

/** A TF.js graph model could not be converted to ONNX (unsupported op, bad manifest, missing shard...). */
public class ModelConversionException extends RuntimeException {
    public ModelConversionException(String message) {
        super(message);
    }

    public ModelConversionException(String message, Throwable cause) {
        super(message, cause);
    }
}
