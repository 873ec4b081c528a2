package io.github.userservice.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.userservice.account.FieldError;
import io.github.userservice.account.PasswordPolicy;
import io.github.userservice.problem.ProblemException;
import io.github.userservice.problem.Problems;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The bodies of the session and second-factor routes, checked for their shape: every missing field, wrong type or
 * impossible value is reported at once, as a 422 whose {@code errors} name the fields. Whether a token or a code is
 * right is the store's to say.
 */
final class SessionRequests {

  /** Longer than any token this service hands out, short enough that nobody hashes a megabyte of one. */
  private static final int MAX_TOKEN_LENGTH = 512;

  /** {@code {"mfaToken"}} and exactly one of {@code "code"}, {@code "recoveryCode"}. */
  record MfaStep(String mfaToken, String code, String recoveryCode) {
    @Override
    public String toString() {
      return "MfaStep[secrets hidden]";
    }
  }

  private SessionRequests() {
  }

  static String refreshToken(JsonNode body) {
    List<FieldError> errors = new ArrayList<>();
    Optional<String> token = token(body, "refreshToken", errors);
    reject(errors);
    return token.orElseThrow();
  }

  static MfaStep mfaStep(JsonNode body) {
    List<FieldError> errors = new ArrayList<>();
    Optional<String> token = token(body, "mfaToken", errors);
    boolean hasCode = present(body, "code");
    boolean hasRecoveryCode = present(body, "recoveryCode");
    String code = null;
    String recoveryCode = null;
    if (hasCode == hasRecoveryCode) {
      errors.add(new FieldError(hasCode ? "recoveryCode" : "code", "exactly one of code and recoveryCode is required"));
    } else if (hasCode) {
      code = code(body, errors).orElse(null);
    } else {
      recoveryCode = CredentialsRequest.text(body, "recoveryCode", errors).orElse(null);
      if (recoveryCode != null && recoveryCode.length() > 64) {
        errors.add(new FieldError("recoveryCode", "is longer than any recovery code"));
      }
    }
    reject(errors);
    return new MfaStep(token.orElseThrow(), code, recoveryCode);
  }

  /** {@code {"code"}}: six digits. */
  static String code(JsonNode body) {
    List<FieldError> errors = new ArrayList<>();
    Optional<String> code = code(body, errors);
    reject(errors);
    return code.orElseThrow();
  }

  /** {@code {"password"}}, the current password again, checked in shape only. */
  static String password(JsonNode body) {
    List<FieldError> errors = new ArrayList<>();
    Optional<String> password = CredentialsRequest.text(body, "password", errors);
    password.map(PasswordPolicy::normalize).flatMap(PasswordPolicy::checkShape).ifPresent(errors::add);
    reject(errors);
    return password.orElseThrow();
  }

  private static Optional<String> code(JsonNode body, List<FieldError> errors) {
    Optional<String> code = CredentialsRequest.text(body, "code", errors);
    if (code.isPresent() && !code.get().matches("[0-9]{6}")) {
      errors.add(new FieldError("code", "must be the six digits the authenticator app shows"));
      return Optional.empty();
    }
    return code;
  }

  private static Optional<String> token(JsonNode body, String field, List<FieldError> errors) {
    Optional<String> token = CredentialsRequest.text(body, field, errors);
    if (token.isPresent() && (token.get().isEmpty() || token.get().length() > MAX_TOKEN_LENGTH)) {
      errors.add(new FieldError(field, "is not a token this service hands out"));
      return Optional.empty();
    }
    return token;
  }

  private static boolean present(JsonNode body, String field) {
    JsonNode value = body.get(field);
    return value != null && !value.isNull();
  }

  private static void reject(List<FieldError> errors) {
    if (!errors.isEmpty()) {
      throw new ProblemException(Problems.validation(errors));
    }
  }
}
