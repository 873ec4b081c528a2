package io.github.userservice.webhook;

import io.github.userservice.config.ServiceConfig;
import io.github.userservice.store.Dialect;
import io.github.userservice.store.WebhookOutbox;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Delivers the audit events the webhooks want, from the outbox the store writes in the same transaction as each event
 * ({@link WebhookOutbox}): at least once, in the Standard Webhooks layout ({@link WebhookSignature}), over HTTPS with
 * the receiver's certificate checked, an attempt taking at most {@value #ATTEMPT_SECONDS} s. A receiver that does not
 * answer 2xx gets the message again later, 5 s after the first failure and twice as long after each next one, at most
 * an hour apart, for {@value #GIVE_UP_HOURS} hours; then the delivery is dropped, logged and counted. Receivers tell
 * repeats apart by {@code webhook-id}. Part of the store role: every store node delivers, each claiming its own rows.
 */
public final class WebhookVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(WebhookVerticle.class);
  private static final long POLL_MS = 500;
  private static final int ATTEMPT_SECONDS = 10;
  private static final int GIVE_UP_HOURS = 72;
  private static final int BATCH = 16;
  private static final Duration FIRST_RETRY = Duration.ofSeconds(5);
  private static final Duration LONGEST_RETRY = Duration.ofHours(1);
  /** Longer than a batch of attempts can take: no other store node sends these meanwhile. */
  private static final Duration CLAIM = Duration.ofSeconds(3L * ATTEMPT_SECONDS);

  /** A receiver: where, signed how, through which client (its own trust). */
  private record Receiver(ServiceConfig.Webhook config, WebhookSignature signature, WebClient client) {
  }

  private final ServiceConfig config;
  private final Dialect dialect;
  private final MeterRegistry registry;
  private final Map<String, Receiver> receivers = new HashMap<>();
  private final AtomicLong pending = new AtomicLong();
  private WebhookOutbox outbox;
  private Pool pool;
  private Counter delivered;
  private Counter failedAttempts;
  private Counter dropped;
  private boolean polling;

  private WebhookVerticle(ServiceConfig config, Dialect dialect, MeterRegistry registry) {
    this.config = Objects.requireNonNull(config);
    this.dialect = Objects.requireNonNull(dialect);
    this.registry = Objects.requireNonNull(registry);
  }

  /** The deliverer of this store node, when any webhook is configured: a worker (the outbox may be SQLite). */
  public static Future<?> deployIfConfigured(Vertx vertx, ServiceConfig config, Dialect dialect, MeterRegistry registry) {
    if (config.webhooks().isEmpty()) {
      return Future.succeededFuture();
    }
    return vertx.deployVerticle(new WebhookVerticle(config, dialect, registry), new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER));
  }

  @Override
  public Future<?> start() {
    for (ServiceConfig.Webhook webhook : config.webhooks()) {
      receivers.put(webhook.url(), new Receiver(webhook, WebhookSignature.of(secret(webhook)), client(webhook)));
    }
    pool = dialect.open(vertx);
    outbox = new WebhookOutbox(pool, dialect);
    Gauge.builder("webhooks.pending", pending, AtomicLong::get).description("Webhook deliveries not yet made").register(registry);
    delivered = Counter.builder("webhooks.delivered").description("Webhook deliveries a receiver took").register(registry);
    failedAttempts = Counter.builder("webhooks.attempts.failed").description("Webhook attempts to be made again").register(registry);
    dropped = Counter.builder("webhooks.failed").description("Webhook deliveries given up after " + GIVE_UP_HOURS + " hours").register(registry);
    vertx.setPeriodic(POLL_MS, tick -> poll());
    LOG.info("webhooks: delivering audit events to {}", receivers.keySet());
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    return pool == null ? Future.succeededFuture() : pool.close();
  }

  /** The due deliveries, a batch at a time, one batch at once. */
  private void poll() {
    if (polling) {
      return;
    }
    polling = true;
    Instant now = Instant.now();
    outbox.claimDue(now, CLAIM, BATCH)
      .compose(due -> Future.join(due.stream().map(this::deliver).toList()))
      .compose(done -> outbox.pending())
      .onSuccess(pending::set)
      .onFailure(err -> LOG.warn("webhook deliveries could not be read from the outbox", err))
      .onComplete(done -> polling = false);
  }

  private Future<Void> deliver(WebhookOutbox.Delivery delivery) {
    Receiver receiver = receivers.get(delivery.url());
    if (receiver == null) {
      LOG.warn("a webhook delivery of event {} is for {}, which is no longer configured: dropped", delivery.eventId(), delivery.url());
      return outbox.remove(delivery);
    }
    String id = "msg_" + delivery.eventId();
    long timestamp = Instant.now().getEpochSecond();
    return receiver.client().postAbs(delivery.url())
      .timeout(ATTEMPT_SECONDS * 1000L)
      .putHeader("Content-Type", "application/json")
      .putHeader("webhook-id", id)
      .putHeader("webhook-timestamp", Long.toString(timestamp))
      .putHeader("webhook-signature", receiver.signature().sign(id, timestamp, delivery.payload()))
      .sendBuffer(Buffer.buffer(delivery.payload()))
      .transform(answer -> answer.succeeded() && isSuccess(answer.result())
        ? outbox.remove(delivery).onSuccess(removed -> delivered.increment())
        : later(delivery, answer.succeeded() ? "status " + answer.result().statusCode() : answer.cause().toString()));
  }

  private Future<Void> later(WebhookOutbox.Delivery delivery, String why) {
    if (delivery.createdAt().plus(Duration.ofHours(GIVE_UP_HOURS)).isBefore(Instant.now())) {
      LOG.error("gave up delivering event {} to {} after {} attempts over {} hours (last: {})", delivery.eventId(), delivery.url(),
        delivery.attempts() + 1, GIVE_UP_HOURS, why);
      dropped.increment();
      return outbox.remove(delivery);
    }
    failedAttempts.increment();
    Duration wait = backoff(delivery.attempts());
    LOG.info("webhook delivery of event {} to {} failed ({}); next attempt in {} s", delivery.eventId(), delivery.url(), why, wait.toSeconds());
    return outbox.retryAt(delivery, Instant.now().plus(wait));
  }

  /** 5 s after the first failure, twice as long after each next one, at most an hour. */
  static Duration backoff(int attemptsBefore) {
    Duration wait = FIRST_RETRY.multipliedBy(1L << Math.min(attemptsBefore, 20));
    return wait.compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : wait;
  }

  private static boolean isSuccess(HttpResponse<Buffer> response) {
    return response.statusCode() >= 200 && response.statusCode() < 300;
  }

  private WebClient client(ServiceConfig.Webhook webhook) {
    WebClientOptions options = new WebClientOptions().setVerifyHost(true).setFollowRedirects(false)
      .setConnectTimeout(ATTEMPT_SECONDS * 1000).setUserAgent("user-service-webhooks");
    if (webhook.caPath() != null) {
      options.setTrustOptions(new PemTrustOptions().addCertPath(webhook.caPath()));
    }
    return WebClient.create(vertx, options);
  }

  /** The first line of the secret file; never logged. */
  private static String secret(ServiceConfig.Webhook webhook) {
    try {
      List<String> lines = Files.readAllLines(Path.of(webhook.secretFile()));
      if (lines.isEmpty()) {
        throw new IllegalArgumentException("webhook secret file " + webhook.secretFile() + " is empty");
      }
      return lines.get(0).trim();
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the webhook secret file " + webhook.secretFile() + ": " + e.getMessage(), e);
    }
  }
}
