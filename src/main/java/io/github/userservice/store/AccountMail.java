package io.github.userservice.store;

import io.github.userservice.config.ServiceConfig;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The account mail a store operation writes inside its own transaction: for a link, a new token
 * ({@link AccountTokens}) and the mail that carries it ({@link MailOutbox}), together or not at all; for a notice,
 * the mail alone. Mail goes to verified addresses only, except the verification mail itself and the notice of a
 * change to the address it replaces. Links are
 * {@code mail.appUrl} with the token in the fragment ({@code #token=...&action=...}): browsers send no fragment to
 * any server, so it is in no access log and no {@code Referer}, and a mail scanner that fetches the link spends
 * nothing, since using a token takes a POST.
 */
final class AccountMail {

  static final String PASSWORD_RESET = "password-reset";
  static final String EMAIL_VERIFICATION = "email-verification";
  static final String EMAIL_CHANGED = "email-changed";
  static final String PASSWORD_CHANGED = "password-changed";
  static final String RECOVERY_CODE_USED = "recovery-code-used";

  /** How long a verification link works. */
  static final Duration VERIFICATION_VALIDITY = Duration.ofHours(24);
  /** A notice still worth sending this long after the event; a relay away for longer has it dropped. */
  static final Duration NOTICE_VALIDITY = Duration.ofDays(3);
  /** At most one reset mail, and one verification mail, per account in this time. */
  static final Duration ONE_PER_ACCOUNT = Duration.ofSeconds(60);

  private final ServiceConfig.Mail config;
  private final Dialect dialect;
  private final AccountTokens tokens;

  AccountMail(ServiceConfig.Mail config, Dialect dialect, AccountTokens tokens) {
    this.config = Objects.requireNonNull(config);
    this.dialect = Objects.requireNonNull(dialect);
    this.tokens = Objects.requireNonNull(tokens);
  }

  boolean enabled() {
    return config.enabled();
  }

  /** A reset token bound to this credential version (older reset tokens voided) and its mail to the verified address. */
  Future<Void> reset(SqlClient client, String login, int credentialVersion, String verifiedEmail, Instant now) {
    Instant expires = now.plus(config.resetTokenValidity());
    return tokens.issue(client, AccountTokens.Purpose.PASSWORD_RESET, login, credentialVersion, null, now, expires)
      .compose(token -> MailOutbox.add(client, dialect, verifiedEmail, PASSWORD_RESET, variables(login)
        .put("link", link(token, "password-reset")).put("minutes", config.resetTokenMinutes()), now, expires));
  }

  /** A verification token bound to this address (older ones voided) and its mail to that address. */
  Future<Void> verification(SqlClient client, String login, int credentialVersion, String email, Instant now) {
    Instant expires = now.plus(VERIFICATION_VALIDITY);
    return tokens.issue(client, AccountTokens.Purpose.EMAIL_VERIFICATION, login, credentialVersion, email, now, expires)
      .compose(token -> MailOutbox.add(client, dialect, email, EMAIL_VERIFICATION, variables(login)
        .put("link", link(token, "email-verify")).put("hours", VERIFICATION_VALIDITY.toHours()), now, expires));
  }

  /** A notice without a link ({@link #EMAIL_CHANGED}, {@link #PASSWORD_CHANGED}) to this address; none without one. */
  Future<Void> notice(SqlClient client, String template, String login, String email, Instant now) {
    return notice(client, template, login, email, now, new JsonObject());
  }

  /** A notice with more {@code variables} than the login ({@link #RECOVERY_CODE_USED}: how many are left). */
  Future<Void> notice(SqlClient client, String template, String login, String email, Instant now, JsonObject variables) {
    if (!enabled() || email == null) {
      return Future.succeededFuture();
    }
    return MailOutbox.add(client, dialect, email, template, variables.copy().mergeIn(variables(login)), now, now.plus(NOTICE_VALIDITY));
  }

  /** The user's tokens deleted: it is gone. */
  Future<Void> forget(SqlClient client, String login) {
    return tokens.deleteAll(client, login);
  }

  private static JsonObject variables(String login) {
    return new JsonObject().put("login", login);
  }

  private String link(String token, String action) {
    return config.appUrl() + "#token=" + token + "&action=" + action;
  }
}
