package io.github.userservice.http;

import io.github.userservice.bus.UserRecord;
import io.github.userservice.bus.StoreOverloadedException;
import io.github.userservice.bus.UserStoreClient;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks a login and password for {@code POST /login} and Basic authentication alike: a throttled attempt is
 * refused with 429 before any Argon2 work; otherwise the store decides, and the outcome feeds the throttle and
 * the {@code logins} counter.
 */
final class PasswordCheck {

  private final UserStoreClient store;
  private final LoginThrottle throttle;
  private final ServiceMetrics metrics;

  PasswordCheck(UserStoreClient store, LoginThrottle throttle, ServiceMetrics metrics) {
    this.store = Objects.requireNonNull(store);
    this.throttle = Objects.requireNonNull(throttle);
    this.metrics = Objects.requireNonNull(metrics);
  }

  /** The user when the password is right, empty when it is wrong or the login unknown. */
  Future<Optional<UserRecord>> check(RoutingContext ctx, CredentialsRequest.Credentials credentials) {
    String login = credentials.login();
    String address = ClientAddress.of(ctx);
    Optional<Duration> wait = throttle.retryAfter(login, address);
    if (wait.isPresent()) {
      metrics.login("throttled");
      return Future.failedFuture(new ProblemException(Problems.tooManyAttempts(wait.get())));
    }
    return store.authenticate(login, credentials.password()).andThen(result -> {
      if (result.failed()) {
        metrics.login(result.cause() instanceof StoreOverloadedException ? "shed" : "error");
      } else if (result.result().isPresent()) {
        throttle.succeeded(login);
        metrics.login("ok");
      } else {
        throttle.failed(login, address);
        metrics.login("bad_credentials");
      }
    });
  }
}
