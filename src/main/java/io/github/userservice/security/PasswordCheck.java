package io.github.userservice.security;

import io.github.userservice.account.Credentials;
import io.github.userservice.bus.BusFailure;
import io.github.userservice.bus.UserRecord;
import io.github.userservice.bus.UserStoreClient;
import io.github.userservice.ops.ServiceMetrics;
import io.github.userservice.problem.ProblemException;
import io.github.userservice.problem.Problems;
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
public final class PasswordCheck {

  private final UserStoreClient store;
  private final LoginThrottle throttle;
  private final ServiceMetrics metrics;

  public PasswordCheck(UserStoreClient store, LoginThrottle throttle, ServiceMetrics metrics) {
    this.store = Objects.requireNonNull(store);
    this.throttle = Objects.requireNonNull(throttle);
    this.metrics = Objects.requireNonNull(metrics);
  }

  /** The user when the password is right, empty when it is wrong or the login unknown. */
  public Future<Optional<UserRecord>> check(RoutingContext ctx, Credentials credentials) {
    String login = credentials.login();
    String address = ClientAddress.of(ctx);
    Optional<Duration> wait = throttle.retryAfter(login, address);
    if (wait.isPresent()) {
      metrics.login("throttled");
      return Future.failedFuture(new ProblemException(Problems.tooManyAttempts(wait.get())));
    }
    return store.authenticate(login, credentials.password()).andThen(result -> {
      if (result.failed()) {
        metrics.login(BusFailure.OVERLOADED.matches(result.cause()) ? "shed" : "error");
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
