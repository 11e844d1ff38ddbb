package io.vigil.sink;

/** A consumed record that can never be stored (not JSON, a required field missing, ...). */
final class PoisonRecordException extends Exception {
    PoisonRecordException(String reason) {
        super(reason);
    }
}
