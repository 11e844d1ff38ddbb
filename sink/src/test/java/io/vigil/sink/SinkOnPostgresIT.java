package io.vigil.sink;

/** The sink contract on the local PostgreSQL server (a schema of its own). */
class SinkOnPostgresIT extends SinkContractIT {
    @Override
    TestDatabase openDatabase() throws Exception {
        return TestDatabase.postgres();
    }
}
