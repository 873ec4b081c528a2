package io.github.userservice.bench.load;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

import java.util.Map;

/** One request to send, and what it is: kind reg (201 expected), ok (200), wrong or unknown (401). */
record Req(String uri, Buffer body, String kind, String login, Map<String, String> headers) {

  RequestOptions options() {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setURI(uri);
    headers.forEach(options::putHeader);
    return options;
  }
}
