package io.github.userservice.mail;

import io.github.userservice.config.ServiceConfig;
import io.github.userservice.store.Dialect;
import io.github.userservice.store.MailOutbox;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailMessage;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends the account mail the store writes into its outbox in the same transaction as the token each carries
 * ({@link MailOutbox}): at least once, through the configured relay ({@link SmtpSettings}), each from a small template
 * of the jar ({@link MailTemplates}). A relay that is down or refuses delays the mail: it is tried again 5 s later,
 * then twice as long after each failure, at most {@value #LONGEST_RETRY_MINUTES} minutes apart, until it is no
 * longer worth sending (a reset link after its token expired); then it is dropped, logged and counted. Part of the
 * store role: every store node sends, each claiming its own rows. Logs name a mail by its id and template, never its
 * link or token.
 */
public final class MailVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(MailVerticle.class);
  private static final long POLL_MS = 500;
  private static final int BATCH = 16;
  /** A relay that has not taken a mail by then (connected, greeted, sent) is tried again later. */
  private static final int ATTEMPT_SECONDS = 20;
  private static final Duration FIRST_RETRY = Duration.ofSeconds(5);
  private static final int LONGEST_RETRY_MINUTES = 5;
  /** Longer than a batch of attempts can take (each connects within SmtpSettings' timeout): nobody else sends these meanwhile. */
  private static final Duration CLAIM = Duration.ofMinutes(2);

  private final ServiceConfig.Mail config;
  private final Dialect dialect;
  private final MeterRegistry registry;
  private final AtomicLong pending = new AtomicLong();
  private MailTemplates templates;
  private MailClient client;
  private MailOutbox outbox;
  private Pool pool;
  private Counter sent;
  private Counter failedAttempts;
  private Counter dropped;
  private boolean polling;

  private MailVerticle(ServiceConfig.Mail config, Dialect dialect, MeterRegistry registry) {
    this.config = Objects.requireNonNull(config);
    this.dialect = Objects.requireNonNull(dialect);
    this.registry = Objects.requireNonNull(registry);
  }

  /** The sender of this store node, when {@code mail.host} is set. */
  public static Future<?> deployIfConfigured(Vertx vertx, ServiceConfig.Mail config, Dialect dialect, MeterRegistry registry) {
    if (!config.enabled()) {
      LOG.info("mail: off (no mail.host); email addresses and password resets answer 503");
      return Future.succeededFuture();
    }
    // on an event loop: the mail client loses a relay's greeting now and then on a worker context (the connection
    // then waits for the attempt's timeout); the outbox's statements are asynchronous on either database
    return vertx.deployVerticle(new MailVerticle(config, dialect, registry), new DeploymentOptions().setThreadingModel(ThreadingModel.EVENT_LOOP));
  }

  @Override
  public Future<?> start() {
    return vertx.executeBlocking(() -> {
      // reading the jar's templates and the password file, and opening SQLite's pool, may block
      templates = MailTemplates.load(config.serviceName());
      client = MailClient.create(vertx, SmtpSettings.of(config));
      pool = dialect.open(vertx);
      return null;
    }).onSuccess(ready -> startPolling());
  }

  private void startPolling() {
    outbox = new MailOutbox(pool, dialect);
    Gauge.builder("mail.pending", pending, AtomicLong::get).description("Account mails not yet sent").register(registry);
    sent = Counter.builder("mail.sent").description("Account mails the relay took").register(registry);
    failedAttempts = Counter.builder("mail.attempts.failed").description("Account mail attempts to be made again").register(registry);
    dropped = Counter.builder("mail.dropped").description("Account mails given up: no longer worth sending").register(registry);
    vertx.setPeriodic(POLL_MS, tick -> poll());
    LOG.info("mail: sending account mail through {}:{} (STARTTLS {}) as {}", config.host(), config.port(), config.startTls(), config.from());
  }

  @Override
  public Future<?> stop() {
    return Future.join(client == null ? Future.succeededFuture() : client.close(), pool == null ? Future.succeededFuture() : pool.close());
  }

  /** The due mails, a batch at a time, one batch at once. */
  private void poll() {
    if (polling) {
      return;
    }
    polling = true;
    outbox.claimDue(Instant.now(), CLAIM, BATCH)
      .compose(due -> Future.join(due.stream().map(this::send).toList()))
      .compose(done -> outbox.pending())
      .onSuccess(pending::set)
      .onFailure(err -> LOG.warn("account mail could not be read from the outbox", err))
      .onComplete(done -> polling = false);
  }

  private Future<Void> send(MailOutbox.Mail mail) {
    if (!mail.expiresAt().isAfter(Instant.now())) {
      return drop(mail, "no longer worth sending");
    }
    MailMessage message;
    try {
      MailTemplates.Rendered rendered = templates.render(mail.template(), mail.variables());
      message = new MailMessage().setFrom(config.from()).setTo(mail.recipient()).setSubject(rendered.subject())
        .setText(rendered.text()).setHtml(rendered.html());
    } catch (IllegalArgumentException unknown) {
      return drop(mail, unknown.getMessage());
    }
    return client.sendMail(message).timeout(ATTEMPT_SECONDS, TimeUnit.SECONDS).transform(result -> result.succeeded()
      ? outbox.remove(mail).onSuccess(removed -> sent.increment())
      : later(mail, result.cause()));
  }

  private Future<Void> later(MailOutbox.Mail mail, Throwable why) {
    failedAttempts.increment();
    Duration wait = backoff(mail.attempts());
    LOG.warn("mail {} ({}) was not taken by {}:{} ({}); next attempt in {} s", mail.id(), mail.template(), config.host(), config.port(),
      why.getMessage(), wait.toSeconds());
    return outbox.retryAt(mail, Instant.now().plus(wait));
  }

  private Future<Void> drop(MailOutbox.Mail mail, String why) {
    LOG.error("gave up mail {} ({}) after {} attempts: {}", mail.id(), mail.template(), mail.attempts(), why);
    dropped.increment();
    return outbox.remove(mail);
  }

  /** 5 s after the first failure, twice as long after each next one, at most {@value #LONGEST_RETRY_MINUTES} minutes. */
  static Duration backoff(int attemptsBefore) {
    Duration wait = FIRST_RETRY.multipliedBy(1L << Math.min(attemptsBefore, 20));
    Duration longest = Duration.ofMinutes(LONGEST_RETRY_MINUTES);
    return wait.compareTo(longest) > 0 ? longest : wait;
  }
}
