package io.github.userservice.http;

import io.github.userservice.bus.HashTiming;
import io.github.userservice.config.ServiceConfig;
import io.github.userservice.ops.ApiDocs;
import io.github.userservice.ops.ServiceMetrics;
import io.github.userservice.security.KnownSessions;
import io.github.userservice.security.KnownUsers;
import io.github.userservice.tls.ServerCertificate;
import io.github.userservice.token.SigningKeys;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.Objects;

/**
 * What every HTTPS verticle instance of the process shares: the server certificate, the signing keys (the store
 * keeps them; this is the edge's copy), the users and sessions remembered for token checks, how long hashes take (learned from the
 * store's replies, for the waits on them), the meters, and the API documentation, read once.
 */
public record EdgeServices(ServerCertificate certificate, SigningKeys keys, KnownUsers knownUsers, KnownSessions knownSessions,
                           HashTiming hashTiming, ServiceMetrics metrics, ApiDocs docs) {

  private static final Duration REMEMBER_USERS = Duration.ofSeconds(30);
  private static final int MAX_REMEMBERED_USERS = 100_000;

  public EdgeServices {
    Objects.requireNonNull(certificate);
    Objects.requireNonNull(keys);
    Objects.requireNonNull(knownUsers);
    Objects.requireNonNull(knownSessions);
    Objects.requireNonNull(hashTiming);
    Objects.requireNonNull(metrics);
    Objects.requireNonNull(docs);
  }

  /**
   * Reads (or makes) the certificate and reads the documentation, side by side; the signing keys arrive on their own
   * ({@link SigningKeys#load()}), and until they do, logins answer 503 and readiness says so.
   */
  public static Future<EdgeServices> prepare(Vertx vertx, ServiceConfig config, PrometheusMeterRegistry registry, SigningKeys keys) {
    Future<ServerCertificate> certificate = vertx.executeBlocking(() -> ServerCertificate.load(config.tls()));
    Future<ApiDocs> docs = vertx.executeBlocking(ApiDocs::load);
    return Future.all(certificate, docs).map(ready -> new EdgeServices(certificate.result(), keys,
      new KnownUsers(REMEMBER_USERS, MAX_REMEMBERED_USERS), new KnownSessions(REMEMBER_USERS, MAX_REMEMBERED_USERS), new HashTiming(config.worker().burstQueueWaitMs(), config.argon2().parameters()),
      new ServiceMetrics(registry), docs.result()));
  }
}
