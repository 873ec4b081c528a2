package io.github.userservice.store;

import io.github.userservice.config.ServiceConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.TrustOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.TrustManagerFactory;

/**
 * PostgreSQL, through the reactive {@code vertx-pg-client}, for users who need several store nodes, a highly available
 * store, or their own database server. {@code db.url} is a standard URI ({@code postgresql://users@db.example:5432/users},
 * {@code ?sslmode=require} for TLS); the password comes from {@code db.passwordFile} or, as for every PostgreSQL
 * client, {@code PGPASSWORD}, never from the configuration itself. Any number of store nodes may share the database:
 * the schema is migrated under an advisory lock, so nodes starting together take turns. Logins are compared and
 * ordered byte by byte ({@code COLLATE "C"}), as SQLite does, whatever the database's locale.
 */
final class PostgresDialect implements Dialect {

  private static final int POOL_SIZE = 4;
  /** Any constant shared by every node: the key of the advisory lock migrations run under. */
  private static final long MIGRATION_LOCK = 0x7573657273L;
  private static final Pattern PLACEHOLDER = Pattern.compile("\\?");
  private static final AtomicInteger POOLS = new AtomicInteger();

  /** Schema migrations in order, entry {@code i} from version {@code i} to {@code i + 1}; append, never edit. */
  private static final List<List<String>> MIGRATIONS = List.of(
    List.of("""
      CREATE TABLE users (
        login              text COLLATE "C" NOT NULL PRIMARY KEY,
        password_hash      text NOT NULL,
        registered_at      timestamptz NOT NULL,
        credential_version integer NOT NULL DEFAULT 1
      )""", """
      CREATE TABLE login_failures (
        login         text COLLATE "C" NOT NULL PRIMARY KEY,
        failures      integer NOT NULL,
        blocked_until timestamptz NOT NULL,
        attempt_until timestamptz NOT NULL,
        expires_at    timestamptz NOT NULL
      )""",
      "CREATE INDEX login_failures_expiry ON login_failures (expires_at)",
      """
      CREATE TABLE address_failures (
        address      text NOT NULL PRIMARY KEY,
        window_start timestamptz NOT NULL,
        failures     integer NOT NULL
      )""",
      "CREATE INDEX address_failures_expiry ON address_failures (window_start)",
      """
      CREATE TABLE signing_keys (
        position   integer NOT NULL PRIMARY KEY,
        kid        text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL,
        jwk        text NOT NULL
      )"""),
    // 2: registration attempts per client address, for the throttle every store node shares
    List.of("""
      CREATE TABLE registration_attempts (
        address  text NOT NULL PRIMARY KEY,
        attempts timestamptz[] NOT NULL
      )"""),
    // 3: the audit trail, and the webhook deliveries written in the same transaction as their event
    List.of("""
      CREATE TABLE audit_events (
        id             bigserial PRIMARY KEY,
        occurred_at    timestamptz NOT NULL,
        type           text NOT NULL,
        login          text COLLATE "C",
        actor          text,
        client_address text,
        request_id     text,
        detail         text
      )""",
      "CREATE INDEX audit_events_login ON audit_events (login, id)",
      "CREATE INDEX audit_events_type ON audit_events (type, id)",
      "CREATE INDEX audit_events_time ON audit_events (occurred_at)",
      """
      CREATE TABLE webhook_outbox (
        id              bigserial PRIMARY KEY,
        event_id        bigint NOT NULL,
        url             text NOT NULL,
        payload         text NOT NULL,
        attempts        integer NOT NULL,
        next_attempt_at timestamptz NOT NULL,
        claimed_until   timestamptz NOT NULL,
        created_at      timestamptz NOT NULL
      )""",
      "CREATE INDEX webhook_outbox_due ON webhook_outbox (next_attempt_at)"),
    // 4: account mail: email addresses (unique in lower case), the tokens of the mails as SHA-256 digests, reset
    // requests answered but not yet looked up, and the mail outbox (see SqliteDialect)
    List.of(
      "ALTER TABLE users ADD COLUMN email text, ADD COLUMN email_key text, ADD COLUMN email_verified boolean NOT NULL DEFAULT false, "
        + "ADD COLUMN reset_mail_at timestamptz, ADD COLUMN verification_mail_at timestamptz",
      "CREATE UNIQUE INDEX users_email_key ON users (email_key)",
      """
      CREATE TABLE account_tokens (
        digest             text NOT NULL PRIMARY KEY,
        purpose            text NOT NULL,
        login              text COLLATE "C" NOT NULL,
        credential_version integer NOT NULL,
        email              text,
        created_at         timestamptz NOT NULL,
        expires_at         timestamptz NOT NULL
      )""",
      "CREATE INDEX account_tokens_login ON account_tokens (login, purpose)",
      "CREATE INDEX account_tokens_expiry ON account_tokens (expires_at)",
      """
      CREATE TABLE reset_requests (
        id             bigserial PRIMARY KEY,
        login          text COLLATE "C",
        email_key      text,
        client_address text,
        request_id     text,
        created_at     timestamptz NOT NULL
      )""",
      """
      CREATE TABLE mail_outbox (
        id              bigserial PRIMARY KEY,
        recipient       text NOT NULL,
        template        text NOT NULL,
        variables       text NOT NULL,
        attempts        integer NOT NULL,
        next_attempt_at timestamptz NOT NULL,
        claimed_until   timestamptz NOT NULL,
        created_at      timestamptz NOT NULL,
        expires_at      timestamptz NOT NULL
      )""",
      "CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at)"),
    // 5: sessions and their refresh tokens' generations, TOTP second factors and recovery codes, the password steps
    // waiting for a second factor, the check values of the keys kept outside the database, and the limits on session
    // requests and wrong codes that every store node shares
    List.of("""
      CREATE TABLE sessions (
        id                 text NOT NULL PRIMARY KEY,
        login              text COLLATE "C" NOT NULL REFERENCES users (login) ON DELETE CASCADE,
        credential_version integer NOT NULL,
        generation         bigint NOT NULL,
        amr                text NOT NULL,
        created_at         timestamptz NOT NULL,
        refreshed_at       timestamptz NOT NULL,
        expires_at         timestamptz NOT NULL,
        client_address     text,
        user_agent         text
      )""",
      "CREATE INDEX sessions_login ON sessions (login, refreshed_at)",
      "CREATE INDEX sessions_expiry ON sessions (expires_at)",
      "CREATE INDEX sessions_idle ON sessions (refreshed_at)",
      """
      CREATE TABLE mfa_challenges (
        token_hash         text NOT NULL PRIMARY KEY,
        login              text COLLATE "C" NOT NULL REFERENCES users (login) ON DELETE CASCADE,
        credential_version integer NOT NULL,
        client_address     text NOT NULL,
        expires_at         timestamptz NOT NULL
      )""",
      "CREATE INDEX mfa_challenges_expiry ON mfa_challenges (expires_at)",
      """
      CREATE TABLE totp_factors (
        login      text COLLATE "C" NOT NULL PRIMARY KEY REFERENCES users (login) ON DELETE CASCADE,
        secret     text NOT NULL,
        created_at timestamptz NOT NULL,
        enabled_at timestamptz,
        last_step  bigint
      )""",
      """
      CREATE TABLE recovery_codes (
        login     text COLLATE "C" NOT NULL REFERENCES users (login) ON DELETE CASCADE,
        code_hash text NOT NULL,
        PRIMARY KEY (login, code_hash)
      )""",
      """
      CREATE TABLE key_checks (
        name        text NOT NULL PRIMARY KEY,
        check_value text NOT NULL
      )""",
      """
      CREATE TABLE session_request_counts (
        key          text NOT NULL PRIMARY KEY,
        window_start timestamptz NOT NULL,
        requests     integer NOT NULL
      )""",
      "CREATE INDEX session_request_counts_expiry ON session_request_counts (window_start)",
      """
      CREATE TABLE second_factor_failures (
        login         text COLLATE "C" NOT NULL PRIMARY KEY,
        failures      integer NOT NULL,
        blocked_until timestamptz NOT NULL
      )"""),
    // 6: passkeys (WebAuthn credentials) with their signature counters and backup flags, each user's random user
    // handle, and the challenges of the ceremonies under way (single use, stored as SHA-256); all gone with their user
    List.of("""
      CREATE TABLE passkey_users (
        login       text COLLATE "C" NOT NULL PRIMARY KEY REFERENCES users (login) ON DELETE CASCADE,
        user_handle text NOT NULL UNIQUE
      )""",
      """
      CREATE TABLE passkeys (
        credential_id   text COLLATE "C" NOT NULL PRIMARY KEY,
        login           text COLLATE "C" NOT NULL REFERENCES users (login) ON DELETE CASCADE,
        name            text NOT NULL,
        public_key      text NOT NULL,
        aaguid          text NOT NULL,
        sign_count      bigint NOT NULL,
        backup_eligible integer NOT NULL,
        backup_state    integer NOT NULL,
        created_at      timestamptz NOT NULL,
        last_used_at    timestamptz
      )""",
      "CREATE INDEX passkeys_login ON passkeys (login, created_at)",
      """
      CREATE TABLE passkey_challenges (
        challenge_hash text NOT NULL PRIMARY KEY,
        purpose        text NOT NULL,
        login          text COLLATE "C" REFERENCES users (login) ON DELETE CASCADE,
        session_id     text,
        expires_at     timestamptz NOT NULL
      )""",
      "CREATE INDEX passkey_challenges_expiry ON passkey_challenges (expires_at)"));

  /** How many connections each node keeps for the shared throttle and key ring, beside its store instances' pools. */
  private static final int SHARED_STATE_POOL_SIZE = 2;

  private final PgConnectOptions connection;
  private final Map<String, String> numbered = new ConcurrentHashMap<>();
  private Pool sharedState;

  PostgresDialect(ServiceConfig.Db db) {
    this.connection = PgConnectOptions.fromUri(db.url()).setPassword(password(db));
    ClientSSLOptions tls = connection.getSslOptions() == null ? new ClientSSLOptions() : connection.getSslOptions();
    if (db.caPath() != null) {
      tls.setTrustOptions(new PemTrustOptions().addCertPath(db.caPath()));
    } else if (connection.getSslMode() == SslMode.VERIFY_CA || connection.getSslMode() == SslMode.VERIFY_FULL) {
      // the client asks for trust to be named: the JVM's own, as for any other TLS client
      tls.setTrustOptions(TrustOptions.wrap(jvmTrust()));
    }
    if (connection.getSslMode() == SslMode.VERIFY_FULL) {
      // the server's name must match its certificate, as libpq's verify-full checks it
      tls.setHostnameVerificationAlgorithm("HTTPS");
    }
    connection.setSslOptions(tls);
  }

  @Override
  public Future<Integer> prepare(Vertx vertx) {
    Pool pool = pool(vertx, 1);
    return inTransaction(pool, this::migrate).eventually(pool::close);
  }

  @Override
  public <T> Future<T> inTransaction(Pool pool, Function<SqlConnection, Future<T>> work) {
    return pool.withTransaction(work);
  }

  @Override
  public String beginSnapshot() {
    return "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
  }

  private Future<Integer> migrate(SqlConnection connection) {
    return connection.query("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ")").execute()
      // asked first rather than CREATE TABLE IF NOT EXISTS, whose notice ("already exists, skipping") the client logs
      // as a warning at every start
      .compose(locked -> connection.query("SELECT to_regclass('schema_version') IS NOT NULL").execute())
      .compose(exists -> exists.iterator().next().getBoolean(0)
        ? Future.<Void>succeededFuture()
        : connection.query("CREATE TABLE schema_version (version integer NOT NULL)").execute().<Void>mapEmpty())
      .compose(table -> connection.query("SELECT coalesce(max(version), 0) FROM schema_version").execute())
      .map(rows -> rows.iterator().next().getInteger(0))
      .compose(version -> Migrations.apply(connection, version, MIGRATIONS,
        reached -> "DELETE FROM schema_version; INSERT INTO schema_version VALUES (" + reached + ")"));
  }

  @Override
  public Pool open(Vertx vertx) {
    return pool(vertx, POOL_SIZE);
  }

  private Pool pool(Vertx vertx, int size) {
    return PgBuilder.pool()
      .with(new PoolOptions().setMaxSize(size).setName("user-store-" + POOLS.incrementAndGet()))
      .connectingTo(connection)
      .using(vertx)
      .build();
  }

  /** {@code ?} placeholders as {@code $1, $2 ...}: the queries hold no other question mark. */
  @Override
  public String sql(String statement) {
    return numbered.computeIfAbsent(statement, PostgresDialect::numberPlaceholders);
  }

  private static String numberPlaceholders(String statement) {
    Matcher matcher = PLACEHOLDER.matcher(statement);
    StringBuilder numbered = new StringBuilder();
    int index = 0;
    while (matcher.find()) {
      matcher.appendReplacement(numbered, "\\$" + ++index);
    }
    return matcher.appendTail(numbered).toString();
  }

  @Override
  public Instant instant(Row row, int column) {
    return row.getOffsetDateTime(column).toInstant();
  }

  @Override
  public Object parameter(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  @Override
  public boolean singleStore() {
    return false;
  }

  /** Store nodes claiming deliveries at once each take other rows, rather than wait for each other's. */
  @Override
  public String skipLocked() {
    return " FOR UPDATE SKIP LOCKED";
  }

  /** A few connections of their own, so that every store node counts the same failures and hands out the same keys. */
  @Override
  public synchronized Optional<Pool> sharedStatePool(Vertx vertx) {
    if (sharedState == null) {
      sharedState = pool(vertx, SHARED_STATE_POOL_SIZE);
    }
    return Optional.of(sharedState);
  }

  /** pg_dump does it better than we could, with the server's own snapshot and format. */
  @Override
  public Future<Backup> backup(Vertx vertx, Path folder) {
    return Future.failedFuture(new UnsupportedOperationException("online backups of PostgreSQL are pg_dump's job"));
  }

  @Override
  public String describe() {
    return "PostgreSQL " + connection.getUser() + "@" + connection.getHost() + ":" + connection.getPort() + "/" + connection.getDatabase();
  }

  private static TrustManagerFactory jvmTrust() {
    try {
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init((KeyStore) null);
      return trust;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JVM's trust store cannot be read", e);
    }
  }

  /**
   * From {@code db.passwordFile} (its first line), else the standard {@code PGPASSWORD}, else none (trust, peer, or
   * a password in {@code ~/.pgpass} is not read: use one of the two).
   */
  private static String password(ServiceConfig.Db db) {
    if (db.passwordFile() != null) {
      try {
        return Files.readAllLines(Path.of(db.passwordFile())).stream().findFirst().orElse("");
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read db.passwordFile " + db.passwordFile(), e);
      }
    }
    return System.getenv("PGPASSWORD");
  }
}
