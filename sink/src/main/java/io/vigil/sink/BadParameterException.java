package io.vigil.sink;

/** A request parameter the API cannot accept; answered with 400 and a JSON error naming the parameter. */
final class BadParameterException extends RuntimeException {
    private final String parameter;

    BadParameterException(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    String parameter() {
        return parameter;
    }
}
