package io.vigil.sink;

/** The sink contract on the local PostgreSQL server (a schema of its own). */
class SinkOnPostgresTest extends SinkContractTest {
    @Override
    TestDatabase openDatabase() throws Exception {
        return TestDatabase.postgres();
    }
}
