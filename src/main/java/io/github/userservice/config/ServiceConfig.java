package io.github.userservice.config;

import io.github.userservice.account.EmailAddress;
import io.github.userservice.account.LoginRules;
import io.github.userservice.bus.Argon2Parameters;
import io.github.userservice.bus.AuditType;
import io.netty.util.NetUtil;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The whole configuration as typed records. This is the only place that names configuration keys and
 * their defaults; {@code conf/config.json} repeats the same defaults so that the file documents itself.
 *
 * @throws IllegalArgumentException from {@link #fromJson} when a key is unknown, of the wrong type or out of range
 */
public record ServiceConfig(Http http, Management management, Tls tls, Db db, Argon2 argon2, Imports imports, Password password,
                            Throttle throttle, Tokens tokens, List<String> admins, Worker worker, Log log, Cluster cluster, Audit audit,
                            List<Webhook> webhooks, Sessions sessions, Totp totp, Mail mail, Webauthn webauthn) {

  private static final int CORES = Runtime.getRuntime().availableProcessors();

  private static final Pattern POSTGRES_URI = Pattern.compile("postgres(?:ql)?://\\S+");
  private static final Pattern RP_ID = Pattern.compile("[a-z0-9-]+(?:\\.[a-z0-9-]+)*");
  private static final Pattern ORIGIN = Pattern.compile("https?://[a-z0-9-]+(?:\\.[a-z0-9-]+)*(?::[0-9]{1,5})?");
  private static final Pattern HTTPS_URL = Pattern.compile("https://[^\\s/?#@]+(?:/\\S*)?");
  /** A password in the user part ({@code user:secret@host}) or as a parameter ({@code ?password=secret}). */
  private static final Pattern POSTGRES_URI_WITH_PASSWORD = Pattern.compile("^postgres(?:ql)?://[^/@?]*:[^/@?]*@|[?&]password=");

  /** The configuration in this JSON (a file's content, or the {@link #effective} one), with defaults for what it lacks. */
  public static ServiceConfig fromJson(JsonObject json) {
    return parse(json == null ? new JsonObject() : json.copy(), ConfigOverrides.none());
  }

  /**
   * The complete configuration of this run as JSON: the file's keys, then the environment's overrides over them
   * (see {@link ConfigOverrides}), then the defaults for every key left, each with its type checked.
   *
   * @throws IllegalArgumentException naming the key (and the variable) when a value is refused
   */
  public static JsonObject effective(JsonObject file, ConfigOverrides overrides) {
    JsonObject json = file == null ? new JsonObject() : file.copy();
    parse(json, overrides);
    overrides.rejectUnknownVariables();
    return json;
  }

  private static ServiceConfig parse(JsonObject json, ConfigOverrides overrides) {
    ConfigSection root = ConfigSection.root(json, overrides);
    Http http = http(root.section("http"));
    ServiceConfig config = new ServiceConfig(
      http,
      management(root.section("management")),
      tls(root.section("tls")),
      db(root.section("db")),
      argon2(root.section("argon2")),
      imports(root.section("imports")),
      password(root.section("password")),
      throttle(root.section("throttle")),
      tokens(root.section("tokens")),
      admins(root),
      worker(root.section("worker")),
      log(root.section("log")),
      cluster(root.section("cluster")),
      audit(root.section("audit")),
      webhooks(root),
      sessions(root.section("sessions")),
      totp(root.section("totp")),
      mail(root.section("mail"), http),
      webauthn(root.section("webauthn"), http));
    root.rejectUnknownKeys();
    config.rejectPortClash();
    return config;
  }

  /** The management server would be deployed on the API's own socket, and the API would lose its health checks. */
  private void rejectPortClash() {
    boolean sameHost = management.host().equals(http.host()) || isWildcard(management.host()) || isWildcard(http.host());
    if (management.separatePort() && management.port() == http.port() && sameHost) {
      throw new IllegalArgumentException("configuration key 'management.port' must differ from 'http.port' (both are "
        + http.port() + " on " + management.host() + "): use 0 to serve /metrics and health on the HTTPS port");
    }
  }

  private static boolean isWildcard(String host) {
    return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
  }

  /**
   * The HTTPS listener and its request limits. {@code trustedProxies}: addresses or CIDR ranges whose
   * {@code X-Forwarded-For} is believed (loopback by default, where a local nginx sits). {@code cors}: which browser
   * pages on other origins may call the API.
   */
  public record Http(String host, int port, int instances, int bodyLimitBytes, long requestTimeoutMs, List<String> trustedProxies,
                     Cors cors) {
  }

  /**
   * Cross-origin access for browser apps: {@code allowedOrigins} holds the exact origins whose pages may call the
   * API, each as a browser sends it in {@code Origin} ({@code https://app.example.com}, {@code http://localhost:3000});
   * empty (the default) sends no CORS headers at all.
   */
  public record Cors(List<String> allowedOrigins) {

    public boolean enabled() {
      return !allowedOrigins.isEmpty();
    }
  }

  /**
   * Where {@code /metrics} and the health checks are served: with {@code port} 0 on the HTTPS port beside the API;
   * otherwise on a plain-HTTP port of their own, by default bound to loopback, for scrapers and probes.
   */
  public record Management(String host, int port) {

    public boolean separatePort() {
      return port != 0;
    }
  }

  /**
   * What this node runs and, when started with {@code -cluster}, how it joins the others: {@code roles} (any of
   * {@code edge}, {@code store}, {@code hasher}; all three alone), the Hazelcast cluster {@code name}, the
   * {@code host} it binds and is reached at, the Hazelcast {@code port} and the event-bus {@code busPort}, the
   * {@code members} to join ({@code host:port}, no multicast), and the bus's mutual TLS: this node's certificate and
   * key, and the cluster CA that signs every node's.
   */
  public record Cluster(Set<Role> roles, String name, String host, int port, int busPort, List<String> members,
                        String certPath, String keyPath, String caPath) {

    /** The jobs a node may do; a node alone does all three. */
    public enum Role {
      EDGE, STORE, HASHER;

      String key() {
        return name().toLowerCase(Locale.ROOT);
      }
    }

    public boolean runs(Role role) {
      return roles.contains(role);
    }
  }

  /** The audit trail's table keeps events {@code retentionDays} days; older ones are purged. */
  public record Audit(int retentionDays) {
  }

  /**
   * A receiver of audit events: {@code url} (HTTPS), the event types it wants ({@code events}, their names as in the
   * audit trail, or {@code "*"} for all), the file holding the signing secret ({@code whsec_} and base64, as the
   * Standard Webhooks specification writes it), and optionally a PEM file of the CA to trust for a private receiver
   * ({@code caPath}; else the JVM's trust store).
   */
  public record Webhook(String url, List<String> events, String secretFile, String caPath) {

    public boolean wants(String type) {
      return events.contains("*") || events.contains(type);
    }
  }

  /**
   * Sessions started by a login and kept alive by refresh tokens: a session ends after {@code idleDays} without a
   * refresh, and {@code maxDays} after it started whatever happens; a user keeps at most {@code maxPerUser} (a new one
   * ends the least recently used). The refresh token just replaced still gets the current pair back for
   * {@code refreshGraceSeconds} (a client that lost the answer, two tabs racing); used later, or any older one, it ends
   * the session as a reuse. Refreshes, logouts and second-factor steps are limited to {@code requestsPerSessionPerMinute}
   * per session and {@code requestsPerAddressPerMinute} per client address, since no hash slows them. {@code keysPath}:
   * the file of the refresh tokens' HMAC key and the TOTP secrets' encryption key, made owner-only on first start; every
   * store node needs the same one.
   */
  public record Sessions(int idleDays, int maxDays, int maxPerUser, int refreshGraceSeconds, int requestsPerSessionPerMinute,
                         int requestsPerAddressPerMinute, String keysPath) {

    public Duration idle() {
      return Duration.ofDays(idleDays);
    }

    public Duration maxAge() {
      return Duration.ofDays(maxDays);
    }
  }

  /**
   * The second factor, TOTP (RFC 6238): {@code issuer} names the service in authenticator apps; an account backs off
   * from its {@code backoffAfterFailures}-th wrong code in a row (30 s, doubling, up to 15 minutes), and after
   * {@code maxConsecutiveFailures} wrong codes in a row codes are refused until a recovery code is used (NIST SP
   * 800-63B-4 caps them at 100).
   */
  public record Totp(String issuer, int backoffAfterFailures, int maxConsecutiveFailures) {

    public static final Duration FIRST_BACKOFF = Duration.ofSeconds(30);
    public static final Duration MAX_BACKOFF = Duration.ofMinutes(15);

    /** How long an account waits after this many wrong codes in a row: nothing at first, then 30 s, 60 s ... 15 min. */
    public Duration backoff(int failures) {
      if (failures < backoffAfterFailures) {
        return Duration.ZERO;
      }
      int doublings = Math.min(failures - backoffAfterFailures, 20);
      Duration wait = FIRST_BACKOFF.multipliedBy(1L << doublings);
      return wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
    }
  }

  /**
   * Passkeys (WebAuthn): {@code rpId} the relying party's id, the domain the passkeys are bound to (a browser refuses one
   * that is not the page's host or a suffix of it); {@code rpName} what authenticators show; {@code origins} the exact
   * origins of the pages allowed to use them ({@code https://example.com}, {@code https://localhost:8443}), each checked
   * against the one the browser signed.
   */
  public record Webauthn(String rpId, String rpName, List<String> origins) {
  }

  /**
   * Account mail (address verification, password reset, notices), sent by the store role through an SMTP relay:
   * off while {@code host} is unset. {@code startTls}: {@code REQUIRED} (the default: a relay that offers no STARTTLS
   * gets nothing), {@code OPTIONAL} or {@code NONE}; {@code username} and {@code passwordFile} (its first line, read at
   * start, never logged) to log in; {@code caPath} to trust a private relay's CA; {@code from} the sender's address;
   * {@code appUrl} the page the links open (https, never taken from a request), {@code serviceName} the name the mail
   * signs with, {@code resetTokenMinutes} how long a reset link works.
   */
  public record Mail(String host, int port, StartTls startTls, String username, String passwordFile, String caPath, String from,
                     String appUrl, String serviceName, int resetTokenMinutes) {

    /** How the connection to the relay is protected: STARTTLS demanded, used when offered, or never. */
    public enum StartTls { REQUIRED, OPTIONAL, NONE }

    public boolean enabled() {
      return host != null;
    }

    public Duration resetTokenValidity() {
      return Duration.ofMinutes(resetTokenMinutes);
    }

    @Override
    public String toString() {
      // no secret here (the password stays in its file), but nothing in this record is meant for logs either
      return "Mail[" + (enabled() ? host + ":" + port : "off") + "]";
    }
  }

  /** Logs on standard output: {@code text} lines for people, or {@code json}, one object per line, for collectors. */
  public record Log(String format) {
  }

  /**
   * The server certificate; a self-signed one is generated into these paths when they are missing. {@code engine}:
   * {@code openssl} (BoringSSL from netty-tcnative, the JDK's engine where it cannot load) or {@code jdk}.
   */
  public record Tls(String certPath, String keyPath, boolean selfSignedIfMissing, String engine) {
  }

  /**
   * Where users are kept: PostgreSQL when {@code url} is set (a standard URI, with {@code ?sslmode=} for TLS; the
   * password from {@code passwordFile} or {@code PGPASSWORD}, never from this file; {@code caPath} to trust a private
   * CA), else the SQLite file at {@code path}. Online backups of SQLite are written into {@code backupPath}.
   */
  public record Db(String path, String url, String passwordFile, String caPath, String backupPath) {

    public boolean postgres() {
      return url != null;
    }
  }

  /**
   * Argon2id cost parameters for new hashes; stored hashes keep verifying with their own parameters. {@code engine}:
   * what computes the service's own Argon2id, {@code auto} (libsodium where it loads and passes a known-answer test at
   * start, else BouncyCastle), {@code native} (libsodium or refuse to start) or {@code java} (BouncyCastle);
   * {@code nativeLibrary}: the libsodium to load, a name the system's loader finds ({@code sodium}) or a file's path.
   */
  public record Argon2(int memoryKiB, int iterations, int parallelism, int saltLength, int hashLength, Engine engine, String nativeLibrary) {

    public static final String DEFAULT_NATIVE_LIBRARY = "sodium";

    /** The engines {@code argon2.engine} chooses from. */
    public enum Engine {
      AUTO, NATIVE, JAVA;

      /** The configuration's spelling, also the engine's name in the log, {@code /metrics} and readiness. */
      public String key() {
        return name().toLowerCase(Locale.ROOT);
      }
    }

    /** These cost parameters, computed by whichever engine loads ({@code auto}). */
    public Argon2(int memoryKiB, int iterations, int parallelism, int saltLength, int hashLength) {
      this(memoryKiB, iterations, parallelism, saltLength, hashLength, Engine.AUTO, DEFAULT_NATIVE_LIBRARY);
    }

    /** The same parameters computed by this engine. */
    public Argon2 withEngine(Engine chosen) {
      return new Argon2(memoryKiB, iterations, parallelism, saltLength, hashLength, chosen, nativeLibrary);
    }

    /** These parameters as a hash request carries them to a hasher. */
    public Argon2Parameters parameters() {
      return new Argon2Parameters(memoryKiB, iterations, parallelism, saltLength, hashLength);
    }
  }


  /**
   * The most work one stored hash may ask for, so that hashes imported from other systems cannot plant a denial of
   * service: bcrypt's cost (log2 of its rounds), PBKDF2's iterations, scrypt's memory (128 x N x r bytes) and
   * parallelism, Argon2's memory and passes. A hash above them is refused at import and never verified; hashes with
   * the service's own {@code argon2} parameters always verify ({@link #admitting}). Memory comes from the heap, once
   * per hashing thread at most.
   */
  public record Imports(int maxBcryptCost, int maxPbkdf2Iterations, int maxScryptMemoryMiB, int maxScryptParallelism,
                        int maxArgon2MemoryKiB, int maxArgon2Iterations) {

    /** These limits, with the Argon2 ones raised to the service's own parameters where lower: its hashes always verify. */
    public Imports admitting(Argon2 own) {
      return new Imports(maxBcryptCost, maxPbkdf2Iterations, maxScryptMemoryMiB, maxScryptParallelism,
        Math.max(maxArgon2MemoryKiB, own.memoryKiB()), Math.max(maxArgon2Iterations, own.iterations()));
    }
  }

  /**
   * Rules for new passwords: a minimum length, and a minimum strength as zxcvbn's estimate of the guesses an
   * attacker needs, in powers of ten (8: a hundred million guesses; 0 switches the estimate off).
   */
  public record Password(int minLength, int minGuessesLog10) {
  }

  /**
   * Brute-force throttling of failed logins: an account backs off exponentially (1 s, 2 s, 4 s ... up to
   * {@code accountMaxBackoffSeconds}) from its {@code accountBackoffAfterFailures}-th failure within
   * {@code accountWindowMinutes}; an address gets at most {@code addressFailuresPerMinute} failures a minute, and
   * {@code registrationsPerAddressPerHour} registration attempts and {@code passwordResetsPerAddressPerHour} password
   * reset requests in any hour (0: no limit). Each counter table keeps at
   * most {@code maxTrackedKeys} entries.
   */
  public record Throttle(int accountBackoffAfterFailures, int accountWindowMinutes, int accountMaxBackoffSeconds,
                         int addressFailuresPerMinute, int registrationsPerAddressPerHour, int passwordResetsPerAddressPerHour,
                         int maxTrackedKeys) {

    /** The limits without a password reset limit of their own: the registrations' one applies to resets too. */
    public Throttle(int accountBackoffAfterFailures, int accountWindowMinutes, int accountMaxBackoffSeconds, int addressFailuresPerMinute,
                    int registrationsPerAddressPerHour, int maxTrackedKeys) {
      this(accountBackoffAfterFailures, accountWindowMinutes, accountMaxBackoffSeconds, addressFailuresPerMinute,
        registrationsPerAddressPerHour, registrationsPerAddressPerHour, maxTrackedKeys);
    }

    /** How long an account waits after this many failures in a row: nothing at first, then 1 s, 2 s, 4 s ... */
    public Duration backoff(int failures) {
      if (failures < accountBackoffAfterFailures) {
        return Duration.ZERO;
      }
      int doublings = failures - accountBackoffAfterFailures;
      long seconds = doublings >= 30 ? Long.MAX_VALUE : 1L << doublings;
      return Duration.ofSeconds(Math.min(seconds, accountMaxBackoffSeconds));
    }

    /** How long an account's failures are remembered after the last one: the window, and a whole back-off at least. */
    public Duration accountMemory() {
      Duration window = Duration.ofMinutes(accountWindowMinutes);
      Duration longestBackoff = Duration.ofSeconds(accountMaxBackoffSeconds);
      return window.compareTo(longestBackoff) < 0 ? longestBackoff : window;
    }
  }

  /**
   * Access tokens: ES256 JWTs valid {@code ttlSeconds}, signed by keys kept in {@code keysPath} (made on first
   * start, owner-only), rotated when the signing key is {@code rotationDays} old (0: only on request).
   */
  public record Tokens(String issuer, int ttlSeconds, String keysPath, int rotationDays) {
  }

  /**
   * The Argon2 work: {@code instances} hashing threads (and user-store instances), how long the HTTP side waits for
   * the store on operations that hash no password, and admission: a new hash is admitted while its answer (its wait
   * for a thread and its own hash) can be expected within {@code burstQueueWaitMs}; once the queue has stood above
   * {@code maxQueueWaitMs} for {@code shedAfterMs} while hashes were refused at the burst budget (a flood, not a
   * burst or a steady queue that fits), new hashes are admitted only within {@code maxQueueWaitMs} until the refusals
   * stop.
   */
  public record Worker(int instances, long sendTimeoutMs, long maxQueueWaitMs, long burstQueueWaitMs, long shedAfterMs) {
  }

  private static Http http(ConfigSection http) {
    Http config = new Http(
      http.string("host", "0.0.0.0"),
      http.integer("port", 8443, 1, 65535),
      http.integer("instances", CORES, 1, 1024),
      http.integer("bodyLimitBytes", 16_384, 256, 1_048_576),
      http.longInteger("requestTimeoutMs", 10_000, 100, 600_000),
      http.strings("trustedProxies", List.of("127.0.0.0/8", "::1/128")),
      cors(http.section("cors")));
    for (String proxy : config.trustedProxies()) {
      if (!isAddressOrRange(proxy)) {
        throw http.invalid("trustedProxies", "must hold IP addresses or CIDR ranges, got '" + proxy + "'");
      }
    }
    http.rejectUnknownKeys();
    return config;
  }

  /** Entries are stored as browsers send them, so that requests are matched by plain equality. */
  private static Cors cors(ConfigSection cors) {
    List<String> origins = new ArrayList<>();
    for (String entry : cors.strings("allowedOrigins", List.of())) {
      try {
        origins.add(Origins.normalize(entry));
      } catch (IllegalArgumentException notAnOrigin) {
        // the entry is quoted on one line even when it holds a line break
        throw cors.invalid("allowedOrigins", "must hold origins such as https://app.example.com, but '"
          + entry.replaceAll("\\p{Cntrl}", "?") + "' " + notAnOrigin.getMessage());
      }
    }
    cors.rejectUnknownKeys();
    return new Cors(origins.stream().distinct().toList());
  }

  /** {@code 10.0.0.1}, {@code 10.0.0.0/8}, {@code ::1}, {@code fd00::/8}: literal addresses only, never host names. */
  private static boolean isAddressOrRange(String entry) {
    String[] parts = entry.split("/", -1);
    boolean v4 = NetUtil.isValidIpV4Address(parts[0]);
    if (!v4 && !NetUtil.isValidIpV6Address(parts[0]) || parts.length > 2) {
      return false;
    }
    if (parts.length == 1) {
      return true;
    }
    try {
      int prefix = Integer.parseInt(parts[1]);
      return prefix >= 0 && prefix <= (v4 ? 32 : 128);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static Management management(ConfigSection management) {
    Management config = new Management(management.string("host", "127.0.0.1"), management.integer("port", 0, 0, 65535));
    management.rejectUnknownKeys();
    return config;
  }

  private static Log log(ConfigSection log) {
    Log config = new Log(log.string("format", "text"));
    if (!List.of("text", "json").contains(config.format())) {
      throw log.invalid("format", "must be \"text\" or \"json\", got \"" + config.format() + "\"");
    }
    log.rejectUnknownKeys();
    return config;
  }

  private static Tls tls(ConfigSection tls) {
    Tls config = new Tls(
      tls.string("certPath", "certs/server.crt"),
      tls.string("keyPath", "certs/server.key"),
      tls.bool("selfSignedIfMissing", true),
      tls.string("engine", "openssl"));
    if (!List.of("openssl", "jdk").contains(config.engine())) {
      throw tls.invalid("engine", "must be \"openssl\" or \"jdk\", got \"" + config.engine() + "\"");
    }
    tls.rejectUnknownKeys();
    return config;
  }

  private static Db db(ConfigSection db) {
    Db config = new Db(
      db.string("path", "data/users.db"),
      db.string("url", null),
      db.string("passwordFile", null),
      db.string("caPath", null),
      db.string("backupPath", "data/backups"));
    if (config.url() != null && !POSTGRES_URI.matcher(config.url()).matches()) {
      throw db.invalid("url", "must be a PostgreSQL URI such as postgresql://users@127.0.0.1:5432/users");
    }
    if (config.url() != null && POSTGRES_URI_WITH_PASSWORD.matcher(config.url()).find()) {
      // the configuration file is no place for a secret: it is often in version control, and printed by the jar's config command
      throw db.invalid("url", "must not hold a password: put it in db.passwordFile or the PGPASSWORD environment variable");
    }
    if (config.url() == null && (config.passwordFile() != null || config.caPath() != null)) {
      throw db.invalid(config.passwordFile() != null ? "passwordFile" : "caPath", "applies to PostgreSQL only: set db.url too");
    }
    db.rejectUnknownKeys();
    return config;
  }

  private static Argon2 argon2(ConfigSection argon2) {
    Argon2 config = new Argon2(
      argon2.integer("memoryKiB", 19_456, 8, Argon2Parameters.MAX_MEMORY_KIB),
      argon2.integer("iterations", 2, 1, Argon2Parameters.MAX_ITERATIONS),
      argon2.integer("parallelism", 1, 1, Argon2Parameters.MAX_PARALLELISM),
      argon2.integer("saltLength", 16, 8, 64),
      argon2.integer("hashLength", 32, 16, 64),
      engine(argon2),
      argon2.string("nativeLibrary", Argon2.DEFAULT_NATIVE_LIBRARY));
    if (config.memoryKiB() < 8 * config.parallelism()) {
      throw argon2.invalid("memoryKiB", "must be at least 8 x argon2.parallelism (Argon2 needs 8 blocks per lane)");
    }
    argon2.rejectUnknownKeys();
    return config;
  }

  private static Argon2.Engine engine(ConfigSection argon2) {
    String engine = argon2.string("engine", Argon2.Engine.AUTO.key());
    for (Argon2.Engine known : Argon2.Engine.values()) {
      if (known.key().equals(engine)) {
        return known;
      }
    }
    throw argon2.invalid("engine", "must be \"auto\", \"native\" or \"java\", got \"" + engine + "\"");
  }

  private static Imports imports(ConfigSection imports) {
    Imports config = new Imports(
      imports.integer("maxBcryptCost", 14, 4, 31),
      imports.integer("maxPbkdf2Iterations", 2_000_000, 1, 100_000_000),
      imports.integer("maxScryptMemoryMiB", 64, 1, 4_096),
      imports.integer("maxScryptParallelism", 4, 1, 64),
      imports.integer("maxArgon2MemoryKiB", 65_536, 8, 4_194_304),
      imports.integer("maxArgon2Iterations", 10, 1, 100));
    imports.rejectUnknownKeys();
    return config;
  }

  private static Password password(ConfigSection password) {
    Password config = new Password(
      password.integer("minLength", 8, 1, 256),
      password.integer("minGuessesLog10", 8, 0, 30));
    password.rejectUnknownKeys();
    return config;
  }

  private static Throttle throttle(ConfigSection throttle) {
    Throttle config = new Throttle(
      throttle.integer("accountBackoffAfterFailures", 5, 1, 1_000),
      throttle.integer("accountWindowMinutes", 15, 1, 1_440),
      throttle.integer("accountMaxBackoffSeconds", 900, 1, 86_400),
      throttle.integer("addressFailuresPerMinute", 50, 1, 1_000_000),
      throttle.integer("registrationsPerAddressPerHour", 20, 0, 1_000_000),
      throttle.integer("passwordResetsPerAddressPerHour", 20, 0, 1_000_000),
      throttle.integer("maxTrackedKeys", 100_000, 100, 10_000_000));
    throttle.rejectUnknownKeys();
    return config;
  }

  private static Tokens tokens(ConfigSection tokens) {
    Tokens config = new Tokens(
      tokens.string("issuer", "user-service"),
      tokens.integer("ttlSeconds", 900, 10, 86_400),
      tokens.string("keysPath", "data/jwt-keys.json"),
      tokens.integer("rotationDays", 30, 0, 3_650));
    tokens.rejectUnknownKeys();
    return config;
  }

  /** Logins with administrator rights, in canonical form. */
  private static List<String> admins(ConfigSection root) {
    List<String> admins = root.strings("admins", List.of()).stream().map(LoginRules::canonical).toList();
    for (String admin : admins) {
      if (LoginRules.check(admin).isPresent()) {
        throw root.invalid("admins", "must hold valid logins, got '" + admin + "'");
      }
    }
    return admins;
  }

  private static Cluster cluster(ConfigSection cluster) {
    List<String> roleNames = cluster.strings("roles", List.of("edge", "store", "hasher"));
    Set<Cluster.Role> roles = EnumSet.noneOf(Cluster.Role.class);
    for (String name : roleNames) {
      roles.add(Arrays.stream(Cluster.Role.values()).filter(role -> role.key().equals(name)).findFirst()
        .orElseThrow(() -> cluster.invalid("roles", "may hold only \"edge\", \"store\" and \"hasher\", got \"" + name + "\"")));
    }
    if (roles.isEmpty()) {
      throw cluster.invalid("roles", "must name at least one role");
    }
    int port = cluster.integer("port", 5701, 1, 65535);
    Cluster config = new Cluster(
      Set.copyOf(roles),
      cluster.string("name", "user-service"),
      cluster.string("host", "127.0.0.1"),
      port,
      cluster.integer("busPort", 5801, 1, 65535),
      cluster.strings("members", List.of()),
      cluster.string("certPath", "certs/cluster/node.crt"),
      cluster.string("keyPath", "certs/cluster/node.key"),
      cluster.string("caPath", "certs/cluster/ca.crt"));
    for (String member : config.members()) {
      if (!member.matches("[^:\\s]+:\\d{1,5}")) {
        throw cluster.invalid("members", "must hold host:port entries, got '" + member + "'");
      }
    }
    if (config.busPort() == config.port()) {
      throw cluster.invalid("busPort", "must differ from 'cluster.port' (" + port + "): Hazelcast and the event bus each need their own");
    }
    cluster.rejectUnknownKeys();
    return config;
  }

  private static Audit audit(ConfigSection audit) {
    Audit config = new Audit(audit.integer("retentionDays", 90, 1, 36_500));
    audit.rejectUnknownKeys();
    return config;
  }

  private static Sessions sessions(ConfigSection sessions) {
    Sessions config = new Sessions(
      sessions.integer("idleDays", 7, 1, 365),
      sessions.integer("maxDays", 30, 1, 3_650),
      sessions.integer("maxPerUser", 100, 1, 10_000),
      sessions.integer("refreshGraceSeconds", 60, 0, 600),
      sessions.integer("requestsPerSessionPerMinute", 20, 1, 1_000_000),
      sessions.integer("requestsPerAddressPerMinute", 600, 1, 1_000_000),
      sessions.string("keysPath", "data/session-keys.json"));
    if (config.idleDays() > config.maxDays()) {
      throw sessions.invalid("idleDays", "must be at most 'sessions.maxDays' (" + config.maxDays() + "): no session outlives its maximum");
    }
    sessions.rejectUnknownKeys();
    return config;
  }

  private static Totp totp(ConfigSection totp) {
    Totp config = new Totp(
      totp.string("issuer", "user-service"),
      totp.integer("backoffAfterFailures", 5, 1, 100),
      totp.integer("maxConsecutiveFailures", 100, 1, 100));
    if (config.backoffAfterFailures() > config.maxConsecutiveFailures()) {
      throw totp.invalid("backoffAfterFailures", "must be at most 'totp.maxConsecutiveFailures' (" + config.maxConsecutiveFailures() + ")");
    }
    totp.rejectUnknownKeys();
    return config;
  }

  private static Webauthn webauthn(ConfigSection webauthn, Http http) {
    Webauthn config = new Webauthn(
      webauthn.string("rpId", "localhost"),
      webauthn.string("rpName", "user-service"),
      // unset: this service's own pages (the account page) as a browser on this machine reaches them
      webauthn.strings("origins", List.of("https://localhost:" + http.port())));
    webauthn.rejectUnknownKeys();
    if (!RP_ID.matcher(config.rpId()).matches()) {
      throw webauthn.invalid("rpId", "must be a domain name such as example.com or localhost (no scheme, port or path)");
    }
    if (config.rpName().isBlank() || config.rpName().length() > 64) {
      throw webauthn.invalid("rpName", "must be 1 to 64 characters");
    }
    if (config.origins().isEmpty()) {
      throw webauthn.invalid("origins", "must name at least one origin, such as https://example.com");
    }
    for (String origin : config.origins()) {
      String host = ORIGIN.matcher(origin).matches() ? origin.replaceFirst("^https?://", "").replaceFirst(":[0-9]{1,5}$", "") : null;
      // a browser refuses a relying party id that is not the origin's host or a registrable suffix of it
      // browsers allow WebAuthn on https pages, and on http://localhost only (a secure context without TLS)
      boolean secure = origin.startsWith("https://") || "localhost".equals(host);
      if (host == null || !secure || !(host.equals(config.rpId()) || host.endsWith("." + config.rpId()))) {
        throw webauthn.invalid("origins", "must hold https origins (https://host[:port], no path; http only for localhost) whose host is 'webauthn.rpId' ("
          + config.rpId() + ") or under it, but '" + origin + "' is not");
      }
    }
    return config;
  }

  private static Mail mail(ConfigSection mail, Http http) {
    String startTls = mail.string("startTls", "REQUIRED");
    Mail config = new Mail(
      mail.string("host", null),
      mail.integer("port", 587, 1, 65535),
      Arrays.stream(Mail.StartTls.values()).filter(value -> value.name().equals(startTls)).findFirst()
        .orElseThrow(() -> mail.invalid("startTls", "must be \"REQUIRED\", \"OPTIONAL\" or \"NONE\", got \"" + startTls + "\"")),
      mail.string("username", null),
      mail.string("passwordFile", null),
      mail.string("caPath", null),
      mail.string("from", null),
      // unset: this service's own account page, as a browser on this machine reaches it
      mail.string("appUrl", "https://localhost:" + http.port() + "/account/"),
      mail.string("serviceName", "user-service"),
      mail.integer("resetTokenMinutes", 30, 5, 1_440));
    mail.rejectUnknownKeys();
    if (!config.enabled()) {
      return config;
    }
    if (config.from() == null || EmailAddress.check(config.from()).isPresent()) {
      throw mail.invalid("from", "must be the sender's email address (e.g. no-reply@example.com) when mail.host is set");
    }
    if (config.appUrl() == null || !HTTPS_URL.matcher(config.appUrl()).matches() || config.appUrl().contains("#")) {
      throw mail.invalid("appUrl", "must be the https:// URL of the page that links open (without a #fragment: the token goes there) "
        + "when mail.host is set");
    }
    if ((config.username() == null) != (config.passwordFile() == null)) {
      throw mail.invalid(config.username() == null ? "username" : "passwordFile", "goes with mail."
        + (config.username() == null ? "passwordFile" : "username") + ": set both to log in to the relay, or neither");
    }
    if (config.username() != null && config.startTls() != Mail.StartTls.REQUIRED && !isLoopback(config.host())) {
      // the password would cross the network in clear whenever the relay (or someone in between) offers no STARTTLS
      throw mail.invalid("startTls", "must be \"REQUIRED\" when mail.username is set and the relay is not on this machine");
    }
    if (!config.serviceName().codePoints().allMatch(c -> c >= 0x20 && c != 0x7f) || config.serviceName().length() > 64) {
      throw mail.invalid("serviceName", "must be at most 64 characters, none of them control characters (it goes into a mail header)");
    }
    return config;
  }

  private static boolean isLoopback(String host) {
    return host.equals("localhost") || host.equals("::1") || host.startsWith("127.");
  }

  private static List<Webhook> webhooks(ConfigSection root) {
    List<Webhook> webhooks = new ArrayList<>();
    for (ConfigSection webhook : root.sections("webhooks")) {
      Webhook config = new Webhook(
        webhook.string("url", null),
        webhook.strings("events", List.of()),
        webhook.string("secretFile", null),
        webhook.string("caPath", null));
      if (config.url() == null || !HTTPS_URL.matcher(config.url()).matches()) {
        throw webhook.invalid("url", "must be an https:// URL: events are signed, and travel only over TLS");
      }
      if (config.secretFile() == null) {
        throw webhook.invalid("secretFile", "must name the file of the signing secret (whsec_...)");
      }
      if (config.events().isEmpty()) {
        throw webhook.invalid("events", "must name at least one event type, or \"*\" for all");
      }
      for (String type : config.events()) {
        if (!type.equals("*") && AuditType.of(type).isEmpty()) {
          throw webhook.invalid("events", "names no event type: '" + type + "'");
        }
      }
      webhook.rejectUnknownKeys();
      webhooks.add(config);
    }
    return List.copyOf(webhooks);
  }

  private static Worker worker(ConfigSection worker) {
    if (worker.has("maxPendingHashes")) {
      throw worker.invalid("maxPendingHashes", "was replaced by 'worker.maxQueueWaitMs' (hashes are admitted by their expected wait, "
        + "default 1000 ms): remove it");
    }
    Worker config = new Worker(
      worker.integer("instances", CORES, 1, 256),
      worker.longInteger("sendTimeoutMs", 10_000, 100, 600_000),
      worker.longInteger("maxQueueWaitMs", 1_000, 0, 60_000),
      worker.longInteger("burstQueueWaitMs", 5_000, 0, 600_000),
      worker.longInteger("shedAfterMs", 1_000, 100, 60_000));
    if (config.burstQueueWaitMs() < config.maxQueueWaitMs()) {
      throw worker.invalid("burstQueueWaitMs", "must be at least 'worker.maxQueueWaitMs' (" + config.maxQueueWaitMs()
        + "): a burst may queue longer than a standing queue, not shorter");
    }
    worker.rejectUnknownKeys();
    return config;
  }
}
