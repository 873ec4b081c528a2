package io.github.userservice.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.userservice.account.FieldError;
import io.github.userservice.problem.ProblemException;
import io.github.userservice.problem.Problems;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The bodies of the passkey routes, checked in shape before they travel to the store: a credential as
 * {@code PublicKeyCredential.toJSON()} gives it (WebAuthn Level 3, {@code RegistrationResponseJSON} or
 * {@code AuthenticationResponseJSON}), as the body itself or as its {@code credential} member, and a passkey's name.
 * Only the members the checks need are passed on, each base64url text of a bounded size.
 */
final class PasskeyRequests {

  static final int MAX_NAME_LENGTH = 64;
  /** Level 3 writes base64url without padding; padding some encoders add is taken off rather than refused. */
  private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]+={0,2}");
  /** WebAuthn Level 3 caps credential ids at 1023 bytes: 1364 base64url characters. */
  private static final int MAX_ID_LENGTH = 1364;
  private static final int MAX_FIELD_LENGTH = 8192;

  /** What a registration carries: the new credential, and the name its user gives it (none: "Passkey"). */
  record Registration(JsonObject credential, String name) {
  }

  private PasskeyRequests() {
  }

  static Registration registration(JsonNode body) {
    List<FieldError> errors = new ArrayList<>();
    JsonObject credential = credential(body, List.of("clientDataJSON", "attestationObject"), errors);
    String name = body.has("name") && !body.get("name").isNull() ? name(body, errors).orElse(null) : null;
    reject(errors);
    return new Registration(credential, name);
  }

  static JsonObject assertion(JsonNode body) {
    List<FieldError> errors = new ArrayList<>();
    JsonObject credential = credential(body, List.of("clientDataJSON", "authenticatorData", "signature", "userHandle"), errors);
    reject(errors);
    return credential;
  }

  static String name(JsonNode body) {
    List<FieldError> errors = new ArrayList<>();
    Optional<String> name = name(body, errors);
    reject(errors);
    return name.orElseThrow();
  }

  /** Whether a path's id can be a credential id at all. */
  static boolean looksLikeId(String id) {
    return id.length() <= MAX_ID_LENGTH && BASE64URL.matcher(id).matches() && !id.contains("=");
  }

  private static JsonObject credential(JsonNode body, List<String> responseFields, List<FieldError> errors) {
    JsonNode source = body.has("credential") ? body.get("credential") : body;
    String prefix = body.has("credential") ? "credential." : "";
    if (!source.isObject()) {
      errors.add(new FieldError("credential", "must be the object PublicKeyCredential.toJSON() gives"));
      return null;
    }
    Optional<String> id = base64url(source, "id", prefix, MAX_ID_LENGTH, errors);
    Optional<String> rawId = base64url(source, "rawId", prefix, MAX_ID_LENGTH, errors);
    if (id.isPresent() && rawId.isPresent() && !id.get().equals(rawId.get())) {
      errors.add(new FieldError(prefix + "rawId", "must equal id"));
    }
    JsonNode type = source.get("type");
    if (type == null || !"public-key".equals(type.textValue())) {
      errors.add(new FieldError(prefix + "type", "must be \"public-key\""));
    }
    JsonNode response = source.get("response");
    if (response == null || !response.isObject()) {
      errors.add(new FieldError(prefix + "response", "is required, an object"));
      return null;
    }
    JsonObject checked = new JsonObject();
    for (String field : responseFields) {
      base64url(response, field, prefix + "response.", MAX_FIELD_LENGTH, errors).ifPresent(value -> checked.put(field, value));
    }
    return errors.isEmpty() ? new JsonObject().put("id", id.orElseThrow()).put("rawId", rawId.orElseThrow()).put("type", "public-key")
      .put("response", checked) : null;
  }

  private static Optional<String> base64url(JsonNode parent, String field, String prefix, int maxLength, List<FieldError> errors) {
    JsonNode value = parent.get(field);
    if (value == null || !value.isTextual() || value.textValue().length() > maxLength || !BASE64URL.matcher(value.textValue()).matches()) {
      errors.add(new FieldError(prefix + field, "is required, base64url text of at most " + maxLength + " characters"));
      return Optional.empty();
    }
    return Optional.of(value.textValue().replace("=", ""));
  }

  private static Optional<String> name(JsonNode body, List<FieldError> errors) {
    JsonNode value = body.get("name");
    if (value == null || !value.isTextual() || value.textValue().isBlank() || value.textValue().length() > MAX_NAME_LENGTH
      || !value.textValue().codePoints().allMatch(c -> !Character.isISOControl(c) && Character.getType(c) != Character.FORMAT)) {
      errors.add(new FieldError("name", "must be 1 to " + MAX_NAME_LENGTH + " characters, none of them control characters"));
      return Optional.empty();
    }
    return Optional.of(value.textValue().strip());
  }

  private static void reject(List<FieldError> errors) {
    if (!errors.isEmpty()) {
      throw new ProblemException(Problems.validation(errors));
    }
  }
}
