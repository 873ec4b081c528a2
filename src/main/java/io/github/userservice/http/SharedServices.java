package io.github.userservice.http;

import io.github.userservice.bus.HashAdmission;
import io.github.userservice.token.KeyRing;

import java.util.Objects;

/**
 * What every HTTP verticle instance of the process shares, so that limits and keys hold for the whole process
 * rather than per event loop: the login throttle, the hash admission, the meters, the token signing keys, the users
 * remembered for token checks; and the API documentation, read once.
 */
public record SharedServices(LoginThrottle throttle, HashAdmission admission, ServiceMetrics metrics, KeyRing keys, KnownUsers knownUsers,
                             ApiDocs docs) {

  public SharedServices {
    Objects.requireNonNull(knownUsers);
    Objects.requireNonNull(throttle);
    Objects.requireNonNull(admission);
    Objects.requireNonNull(metrics);
    Objects.requireNonNull(keys);
    Objects.requireNonNull(docs);
  }
}
