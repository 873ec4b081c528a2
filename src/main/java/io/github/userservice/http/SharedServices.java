package io.github.userservice.http;

import io.github.userservice.bus.HashAdmission;
import io.github.userservice.token.KeyRing;

import java.util.Objects;

/**
 * What every HTTP verticle instance of the process shares, so that limits and keys hold for the whole process
 * rather than per event loop: the login throttle, the hash admission, the meters and the token signing keys; and
 * the API documentation, read once.
 */
public record SharedServices(LoginThrottle throttle, HashAdmission admission, ServiceMetrics metrics, KeyRing keys, ApiDocs docs) {

  public SharedServices {
    Objects.requireNonNull(throttle);
    Objects.requireNonNull(admission);
    Objects.requireNonNull(metrics);
    Objects.requireNonNull(keys);
    Objects.requireNonNull(docs);
  }
}
