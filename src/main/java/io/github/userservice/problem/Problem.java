package io.github.userservice.problem;

import io.github.userservice.account.FieldError;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An RFC 9457 problem document, {@code application/problem+json}: {@code type}, {@code title}, {@code status},
 * {@code detail}, and {@code errors} for validation failures, plus the headers that belong with the status
 * ({@code Allow}, {@code Retry-After}, {@code WWW-Authenticate}). Texts are fixed or built from rules,
 * never from exception messages or request values.
 */
public record Problem(String type, String title, int status, String detail, List<FieldError> errors, Map<String, List<String>> headers,
                      JsonObject extensions) {

  public static final String MEDIA_TYPE = "application/problem+json";
  /** Problem types of this service; relative references, resolved against the service's own URL. */
  static final String TYPE_BASE = "/problems/";

  public Problem {
    errors = List.copyOf(errors);
    headers = Map.copyOf(headers);
    extensions = extensions.copy();
  }

  /** A problem that its status says all about: {@code type} is {@code about:blank}, the title the reason phrase. */
  public static Problem ofStatus(int status, String detail) {
    return new Problem("about:blank", HttpResponseStatus.valueOf(status).reasonPhrase(), status, detail, List.of(), Map.of(), new JsonObject());
  }

  /** A problem type of this service, {@code /problems/<slug>}. */
  public static Problem ofType(String slug, String title, int status, String detail) {
    return new Problem(TYPE_BASE + slug, title, status, detail, List.of(), Map.of(), new JsonObject());
  }

  public Problem withErrors(List<FieldError> fieldErrors) {
    return new Problem(type, title, status, detail, fieldErrors, headers, extensions);
  }

  /** Adds a header line; a second value for the same name is a second line (as two challenges are). */
  public Problem withHeader(CharSequence name, String value) {
    Map<String, List<String>> more = new LinkedHashMap<>(headers);
    List<String> values = new ArrayList<>(more.getOrDefault(name.toString(), List.of()));
    values.add(value);
    more.put(name.toString(), List.copyOf(values));
    return new Problem(type, title, status, detail, errors, more, extensions);
  }

  /** The first value of a header that goes with this problem, by name in any case. */
  public Optional<String> header(CharSequence name) {
    return headers.entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase(name.toString()))
      .map(entry -> entry.getValue().get(0)).findFirst();
  }

  /** An RFC 9457 extension member, such as the failing checks of a readiness probe. */
  public Problem withExtension(String name, Object value) {
    return new Problem(type, title, status, detail, errors, headers, extensions.copy().put(name, value));
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("type", type).put("title", title).put("status", status);
    if (detail != null) {
      json.put("detail", detail);
    }
    if (!errors.isEmpty()) {
      json.put("errors", new JsonArray(errors.stream().map(FieldError::toJson).toList()));
    }
    return json.mergeIn(extensions);
  }

  public void send(HttpServerRequest request) {
    HttpServerResponse response = request.response();
    if (response.ended()) {
      // answered already, e.g. by the request deadline: a late outcome has nowhere to go
      return;
    }
    if (response.headWritten()) {
      // too late for a status: the only honest signal left is a broken connection
      response.reset();
      return;
    }
    response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, MEDIA_TYPE);
    headers.forEach((name, values) -> {
      // HTTP/2 forbids connection-specific headers: the stream is reset instead of answered
      if (!(HttpHeaders.CONNECTION.toString().equalsIgnoreCase(name) && request.version() == HttpVersion.HTTP_2)) {
        response.putHeader(name, values);
      }
    });
    response.end(toJson().toBuffer());
  }
}
