package com.gitlab.marketplace.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import com.gitlab.marketplace.infrastructure.embedded.RawRequests;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AmbiguousPathTests {

    @Test
    void aPathThatWouldResolveToAnotherResourceIsNotFound() throws IOException {
        // What these resolve to exists: 200 when asked for by its own name. Sent raw: a client would normalise.
        assertThat(rawStatus("/q/metrics")).isEqualTo(200);
        for (String path : List.of("/admin/orders/../../q/metrics", "/admin/%2e%2e/q/metrics",
                "/admin/orders/..%2f..%2fq/metrics", "/q/./metrics", "/admin/.%2E/q/metrics")) {
            assertThat(rawStatus(path)).as(path).isEqualTo(404);
        }
    }

    private static int rawStatus(String path) throws IOException {
        return RawRequests.get("localhost", RestAssured.port, path);
    }
}
