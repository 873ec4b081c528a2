package io.github.userservice.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.userservice.account.Credentials;
import io.github.userservice.account.EmailAddress;
import io.github.userservice.account.FieldError;
import io.github.userservice.account.LoginRules;
import io.github.userservice.account.PasswordPolicy;
import io.github.userservice.problem.ProblemException;
import io.github.userservice.problem.Problems;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code {"login","password"}} from a request body, canonicalized and checked. Every broken rule is reported
 * at once, as a 422 whose {@code errors} name the fields. Registration applies the password policy; logging in
 * only the password's shape, so that a user registered under an older, looser policy can still log in.
 */
final class CredentialsRequest {

  record PasswordChange(String currentPassword, String newPassword) {
    @Override
    public String toString() {
      return "PasswordChange[passwords hidden]";
    }
  }

  private CredentialsRequest() {
  }

  /** A registration: the credentials, and an email address or null. */
  record Registration(Credentials credentials, String email) {
  }

  static Registration forRegistration(JsonNode body, PasswordPolicy policy) {
    List<FieldError> errors = new ArrayList<>();
    String email = body.has("email") && !body.get("email").isNull() ? email(body, errors).orElse(null) : null;
    return new Registration(read(body, policy, errors), email);
  }

  static Credentials forLogin(JsonNode body) {
    return read(body, null, new ArrayList<>());
  }

  /** A required {@code email}, canonical: its domain in lower case. */
  static String forEmail(JsonNode body) {
    List<FieldError> errors = new ArrayList<>();
    Optional<String> email = email(body, errors);
    if (!errors.isEmpty()) {
      throw new ProblemException(Problems.validation(errors));
    }
    return email.orElseThrow();
  }

  private static Optional<String> email(JsonNode body, List<FieldError> errors) {
    Optional<String> email = text(body, "email", errors);
    email.flatMap(EmailAddress::check).ifPresent(errors::add);
    return email.filter(value -> EmailAddress.check(value).isEmpty()).map(EmailAddress::canonical);
  }

  /** {@code {"currentPassword","newPassword"}}: the current one only in shape, the new one by the policy. */
  static PasswordChange forPasswordChange(JsonNode body, PasswordPolicy policy, String login) {
    List<FieldError> errors = new ArrayList<>();
    Optional<String> current = text(body, "currentPassword", errors);
    current.map(PasswordPolicy::normalize).flatMap(PasswordPolicy::checkShape)
      .map(error -> new FieldError("currentPassword", error.message())).ifPresent(errors::add);
    Optional<String> next = text(body, "newPassword", errors);
    next.map(PasswordPolicy::normalize).flatMap(value -> policy.check(value, login))
      .map(error -> new FieldError("newPassword", error.message())).ifPresent(errors::add);
    if (!errors.isEmpty()) {
      throw new ProblemException(Problems.validation(errors));
    }
    return new PasswordChange(current.orElseThrow(), next.orElseThrow());
  }

  private static Credentials read(JsonNode body, PasswordPolicy policy, List<FieldError> errors) {
    Optional<String> login = text(body, "login", errors).map(LoginRules::canonical);
    login.flatMap(LoginRules::check).ifPresent(errors::add);
    // checked normalized, as the store will judge it; sent as typed (see Credentials)
    Optional<String> password = text(body, "password", errors);
    password.map(PasswordPolicy::normalize)
      .flatMap(value -> policy == null ? PasswordPolicy.checkShape(value) : policy.check(value, login.orElse("")))
      .ifPresent(errors::add);
    if (!errors.isEmpty()) {
      throw new ProblemException(Problems.validation(errors));
    }
    return new Credentials(login.orElseThrow(), password.orElseThrow());
  }

  /** A required text field, or empty with its error added; the routes' other bodies read theirs with it too. */
  static Optional<String> text(JsonNode body, String field, List<FieldError> errors) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      errors.add(new FieldError(field, "is required"));
      return Optional.empty();
    }
    if (!value.isTextual()) {
      errors.add(new FieldError(field, "must be a string"));
      return Optional.empty();
    }
    return Optional.of(value.textValue());
  }
}
