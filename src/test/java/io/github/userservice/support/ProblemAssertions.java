package io.github.userservice.support;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Checks that a response is an RFC 9457 problem document with the expected status. */
public final class ProblemAssertions {

  private ProblemAssertions() {
  }

  public static JsonObject assertProblem(int status, HttpResponse<Buffer> response) {
    assertEquals(status, response.statusCode(), () -> "body: " + response.bodyAsString());
    assertEquals("application/problem+json", response.getHeader("Content-Type"));
    JsonObject problem = response.bodyAsJsonObject();
    assertEquals(status, problem.getInteger("status"));
    assertNotNull(problem.getString("type"), "type");
    assertNotNull(problem.getString("title"), "title");
    return problem;
  }
}
