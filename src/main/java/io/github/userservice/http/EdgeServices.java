package io.github.userservice.http;

import io.github.userservice.config.ServiceConfig;
import io.github.userservice.ops.ApiDocs;
import io.github.userservice.ops.ServiceMetrics;
import io.github.userservice.security.KnownUsers;
import io.github.userservice.security.LoginThrottle;
import io.github.userservice.tls.ServerCertificate;
import io.github.userservice.token.KeyRing;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * What every HTTPS verticle instance of the process shares, so that limits and keys hold for the whole process rather
 * than per event loop: the server certificate, the token signing keys, the login throttle, the users remembered for
 * token checks, the meters, and the API documentation, read once.
 */
public record EdgeServices(ServerCertificate certificate, KeyRing keys, LoginThrottle throttle, KnownUsers knownUsers,
                           ServiceMetrics metrics, ApiDocs docs) {

  private static final Duration REMEMBER_USERS = Duration.ofSeconds(30);
  private static final int MAX_REMEMBERED_USERS = 100_000;

  public EdgeServices {
    Objects.requireNonNull(certificate);
    Objects.requireNonNull(keys);
    Objects.requireNonNull(throttle);
    Objects.requireNonNull(knownUsers);
    Objects.requireNonNull(metrics);
    Objects.requireNonNull(docs);
  }

  /** Reads (or makes) the certificate and the signing keys and reads the documentation, side by side. */
  public static Future<EdgeServices> prepare(Vertx vertx, ServiceConfig config, PrometheusMeterRegistry registry) {
    Future<ServerCertificate> certificate = vertx.executeBlocking(() -> ServerCertificate.load(config.tls()));
    Future<KeyRing> keys = KeyRing.start(vertx, config.tokens());
    Future<ApiDocs> docs = vertx.executeBlocking(ApiDocs::load);
    return Future.all(certificate, keys, docs).map(ready -> new EdgeServices(certificate.result(), keys.result(),
      new LoginThrottle(config.throttle(), Clock.systemUTC()), new KnownUsers(REMEMBER_USERS, MAX_REMEMBERED_USERS),
      new ServiceMetrics(registry), docs.result()));
  }
}
