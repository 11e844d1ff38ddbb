package io.vigil.sink;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiTokenIT {

    @Test
    void everyApiRequestNeedsTheTokenWhenOneIsConfigured() throws Exception {
        try (TestDatabase db = TestDatabase.sqlite(); SinkFixture f = new SinkFixture(db.jdbcUrl(), "s3cret-token")) {
            for (String path : new String[] {"/api/alerts", "/api/alerts/x", "/api/alerts/x/snapshot.jpg", "/api/cameras"}) {
                assertThat(f.get(path).statusCode()).as(path + " without token").isEqualTo(401);
                assertThat(f.get(path, "wrong").statusCode()).as(path + " with a wrong token").isEqualTo(401);
            }
            assertThat(f.get("/api/alerts").headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
            assertThat(f.get("/api/alerts", "s3cret-token").statusCode()).isEqualTo(200);
            assertThat(f.get("/api/alerts/nothing", "s3cret-token").statusCode()).isEqualTo(404);
            // EventSource in a browser cannot send headers, so the token may come as a parameter
            assertThat(f.get("/api/alerts?access_token=s3cret-token").statusCode()).isEqualTo(200);
            assertThat(f.get("/health").statusCode()).isEqualTo(200);
        }
    }
}
