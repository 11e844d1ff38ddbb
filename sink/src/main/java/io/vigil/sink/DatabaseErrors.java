package io.vigil.sink;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/** Tells a database that is away (worth retrying) from a statement that can never succeed. */
final class DatabaseErrors {
    private DatabaseErrors() {}

    static boolean isTransient(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientException || t instanceof SQLRecoverableException
                    || t instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException s) {
                String state = s.getSQLState();
                // 08: connection exception, 53: insufficient resources, 57P: server shutting down, 40: rollback
                if (state != null && (state.startsWith("08") || state.startsWith("53") || state.startsWith("57P")
                        || state.startsWith("40"))) {
                    return true;
                }
                String message = String.valueOf(s.getMessage());
                if (message.contains("SQLITE_BUSY") || message.contains("SQLITE_LOCKED")
                        || message.contains("SQLITE_IOERR") || message.contains("SQLITE_FULL")) {
                    return true;
                }
            }
        }
        return false;
    }
}
