package io.github.userservice.security;

import io.github.userservice.account.Credentials;
import io.github.userservice.bus.BusFailure;
import io.github.userservice.bus.Refusal;
import io.github.userservice.bus.UserRecord;
import io.github.userservice.bus.UserStoreClient;
import io.github.userservice.ops.ServiceMetrics;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

import java.util.Objects;
import java.util.Optional;

/**
 * Checks a login and password for {@code POST /login} and Basic authentication alike: the store decides, with the
 * client's address for its throttle (one for the whole cluster, kept by the store), and the outcome feeds the
 * {@code logins} counter. A throttled attempt is 429 with {@code Retry-After}, before any Argon2 work.
 */
public final class PasswordCheck {

  private final UserStoreClient store;
  private final ServiceMetrics metrics;

  public PasswordCheck(UserStoreClient store, ServiceMetrics metrics) {
    this.store = Objects.requireNonNull(store);
    this.metrics = Objects.requireNonNull(metrics);
  }

  /** The user when the password is right, empty when it is wrong or the login unknown. */
  public Future<Optional<UserRecord>> check(RoutingContext ctx, Credentials credentials) {
    return store.authenticate(credentials.login(), credentials.password(), ClientAddress.of(ctx)).andThen(result -> {
      if (result.failed()) {
        metrics.login(outcome(result.cause()));
      } else {
        metrics.login(result.result().isPresent() ? "ok" : "bad_credentials");
      }
    });
  }

  private static String outcome(Throwable failure) {
    if (Refusal.of(failure).filter(Refusal.Throttled.class::isInstance).isPresent()) {
      return "throttled";
    }
    return BusFailure.OVERLOADED.matches(failure) ? "shed" : "error";
  }
}
