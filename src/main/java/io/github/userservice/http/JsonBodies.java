package io.github.userservice.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.github.userservice.problem.ProblemException;
import io.github.userservice.problem.Problems;
import io.github.userservice.security.StrictUtf8;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.CharacterCodingException;

/**
 * Reads a request body as one strict JSON object, with Jackson: valid UTF-8 only, no duplicate keys, no NaN,
 * nothing after the object, at most {@value #MAX_DEPTH} levels deep. Vert.x's own decoder accepts
 * duplicate keys (the last wins), which lets two layers read different values from one request.
 */
final class JsonBodies {

  private static final int MAX_DEPTH = 16;
  private static final JsonMapper STRICT = JsonMapper.builder(com.fasterxml.jackson.core.JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).maxNumberLength(100).build())
      .build())
    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
    .build();

  private JsonBodies() {
  }

  /** @throws ProblemException 415 for another media type, 400 for anything but one well-formed JSON object */
  static JsonNode readObject(RoutingContext ctx) {
    if (!hasMediaType(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE), "application/json")) {
      throw new ProblemException(Problems.unsupportedMediaType());
    }
    Buffer body = ctx.body().buffer();
    if (body == null || body.length() == 0) {
      throw new ProblemException(Problems.malformedJson("The request body is empty; send a JSON object."));
    }
    return parseObject(body.getBytes(), "body");
  }

  /**
   * One strict JSON object from bytes.
   *
   * @param what how the detail names the bytes: "body", "line"
   * @throws ProblemException 400, whose detail says what is wrong and never quotes the input
   */
  static JsonNode parseObject(byte[] bytes, String what) {
    JsonNode json;
    try {
      // strictly decoded first: Jackson's own decoder accepts overlong forms and encoded surrogates
      json = STRICT.readTree(StrictUtf8.decode(bytes));
    } catch (CharacterCodingException e) {
      throw new ProblemException(Problems.malformedJson("The " + what + " is not valid UTF-8."));
    } catch (JsonProcessingException e) {
      // Jackson's message quotes the input, which may hold a password: only the position is echoed
      throw new ProblemException(Problems.malformedJson(e.getLocation() == null
        ? "The " + what + " is not valid JSON, or nests deeper than " + MAX_DEPTH + " levels."
        : "The " + what + " is not valid JSON (near line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")."));
    }
    if (json == null || !json.isObject()) {
      throw new ProblemException(Problems.malformedJson("The " + what + " must be a JSON object."));
    }
    return json;
  }

  /** This media type, with no charset or with UTF-8 (RFC 8259 allows no other for JSON). */
  static boolean hasMediaType(String contentType, String mediaType) {
    if (contentType == null) {
      return false;
    }
    String[] parts = contentType.split(";");
    if (!parts[0].trim().equalsIgnoreCase(mediaType)) {
      return false;
    }
    for (int i = 1; i < parts.length; i++) {
      String[] parameter = parts[i].split("=", 2);
      if (parameter[0].trim().equalsIgnoreCase("charset")
        && (parameter.length < 2 || !parameter[1].trim().replace("\"", "").equalsIgnoreCase("utf-8"))) {
        return false;
      }
    }
    return true;
  }
}
