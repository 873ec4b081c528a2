package io.github.userservice.http;

import io.github.userservice.support.Authenticator;
import io.github.userservice.support.Chromium;
import io.github.userservice.support.MailCatcher;
import io.github.userservice.support.TestService;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfEnvironmentVariable;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The account page in headless Chromium, as a person uses it: a virtual authenticator (DevTools' WebAuthn domain:
 * CTAP2, resident keys, user verification) adds a passkey and logs in with it, and with user verification off the
 * login is refused; sign up, sign in with the TOTP step, and a password reset through the mail GreenMail caught.
 * Chromium refuses WebAuthn on pages with certificate errors, so it trusts the test certificate by its SPKI hash
 * rather than ignoring errors. Skipped only on request, as the other browser tests.
 */
@DisplayName("The account page in headless Chromium")
@DisabledIfSystemProperty(named = "skipBrowser", matches = "true", disabledReason = "skipped on request: -DskipBrowser=true")
@DisabledIfEnvironmentVariable(named = "SKIP_BROWSER_TESTS", matches = "1", disabledReason = "skipped on request: SKIP_BROWSER_TESTS=1")
class AccountPageBrowserIT {

  private static final Duration STEP = Duration.ofSeconds(30);
  private static final String PASSWORD = TestService.PASSWORD;

  private Vertx vertx;
  private TestService service;
  private MailCatcher mail;
  private Chromium chromium;
  private Chromium.Page page;

  @BeforeEach
  void start(@TempDir Path dir, @TempDir Path profile) throws Exception {
    Chromium.requireInstalled();
    vertx = Vertx.vertx();
    mail = MailCatcher.start();
    service = new TestService(vertx, dir);
    String origin = "https://localhost:" + service.port();
    service.config().put("webauthn", new JsonObject().put("rpId", "localhost").put("origins", new JsonArray().add(origin)))
      .put("mail", mail.config().put("appUrl", origin + "/account/"));
    service.deploy().await();
    chromium = Chromium.launch(profile, List.of("--ignore-certificate-errors-spki-list=" + spkiHash(dir.resolve("server.crt"))));
    page = chromium.open(origin + "/account/");
  }

  @AfterEach
  void stop() throws Exception {
    if (chromium != null) {
      chromium.close();
    }
    if (mail != null) {
      mail.stop();
    }
    vertx.close().await();
  }

  @Test
  @DisplayName("a virtual authenticator adds a passkey and logs in with it; with user verification off the login is refused")
  void passkeys() {
    page.devtools("WebAuthn.enable", new JsonObject().put("enableUI", false));
    String authenticator = page.devtools("WebAuthn.addVirtualAuthenticator", new JsonObject().put("options", new JsonObject()
      .put("protocol", "ctap2").put("transport", "internal").put("hasResidentKey", true).put("hasUserVerification", true)
      .put("isUserVerified", true).put("automaticPresenceSimulation", true))).getString("authenticatorId");
    signUp("alice");
    signIn("alice", PASSWORD);

    submit("passkey-add", "passkey-name", "Virtual");
    waitForStatus("Passkey added.");
    page.waitFor("document.querySelectorAll('#passkeys li').length === 1", STEP);
    assertTrue(((String) page.evaluate("document.getElementById('passkeys').textContent")).contains("Virtual"));
    click("sign-out");
    waitForStatus("Signed out.");

    long hashes = service.argon2Operations();
    click("passkey-sign-in");
    page.waitFor("!document.getElementById('signed-in').hidden", STEP);
    assertEquals("alice", page.evaluate("document.getElementById('account-login').textContent"));
    assertEquals(hashes, service.argon2Operations(), "no password was hashed");
    click("sign-out");
    waitForStatus("Signed out.");

    page.devtools("WebAuthn.setUserVerified", new JsonObject().put("authenticatorId", authenticator).put("isUserVerified", false));
    click("passkey-sign-in");
    page.waitFor("document.getElementById('status').className === 'error'", STEP);
    assertTrue((Boolean) page.evaluate("document.getElementById('signed-in').hidden"), "not signed in");
  }

  @Test
  @DisplayName("sign up, TOTP turned on (its QR code drawn), sign in with the TOTP step, and a reset by the mailed link that the page finishes from its fragment")
  void passwordTotpAndReset() {
    signUp("bob", "bob@example.com");
    signIn("bob", PASSWORD);
    submit("totp-on", "totp-on-password", PASSWORD);
    page.waitFor("!document.getElementById('totp-confirm').hidden", STEP);
    // the QR code is drawn: its data: URI is allowed by the page's policy, and the browser decoded the SVG
    page.waitFor("document.getElementById('totp-qr').complete && document.getElementById('totp-qr').naturalWidth > 0", STEP);
    Authenticator app = Authenticator.scanning((String) page.evaluate("document.getElementById('totp-uri').textContent"));
    submit("totp-confirm", "totp-confirm-code", app.code());
    waitForStatus("Two-factor authentication is on.");
    assertEquals(10, ((Number) page.evaluate("document.querySelectorAll('#recovery-code-list li').length")).intValue());
    click("sign-out");
    waitForStatus("Signed out.");

    fill("sign-in-login", "bob");
    submit("sign-in", "sign-in-password", PASSWORD);
    waitForStatus("Enter the code from your authenticator app.");
    submit("totp-step", "totp-step-code", app.code(Authenticator.stepNow() + 1));
    page.waitFor("!document.getElementById('signed-in').hidden", STEP);
    click("sign-out");
    waitForStatus("Signed out.");

    submit("reset-request", "reset-login", "bob");
    waitForStatus("If the account has a verified email address, a link is on its way.");
    // the address is not verified yet: verify it through its own mailed link first, on the same page
    follow(waitForMail("email-verify"));
    waitForStatus("Email address verified.");
    submit("reset-request", "reset-login", "bob@example.com");
    waitForStatus("If the account has a verified email address, a link is on its way.");
    MailCatcher.Mail reset = waitForMail("password-reset");
    follow(reset);
    page.waitFor("!document.getElementById('reset-finish').hidden", STEP);
    assertFalse(((String) page.evaluate("location.href")).contains("token"), "the token is taken off the address bar");
    submit("reset-confirm", "reset-password", "a whole new passphrase");
    waitForStatus("Password set: sign in with it now.");
    fill("sign-in-login", "bob");
    submit("sign-in", "sign-in-password", "a whole new passphrase");
    waitForStatus("Enter the code from your authenticator app.");
  }

  private void signUp(String login, String... email) {
    fill("sign-up-login", login);
    if (email.length > 0) {
      fill("sign-up-email", email[0]);
    }
    submit("sign-up", "sign-up-password", PASSWORD);
    waitForStatus("Account created: sign in now.");
  }

  private void signIn(String login, String password) {
    fill("sign-in-login", login);
    submit("sign-in", "sign-in-password", password);
    page.waitFor("!document.getElementById('signed-in').hidden && document.querySelectorAll('#sessions li').length > 0", STEP);
  }

  /** Opens the mailed link in a new tab, as a mail client would: the page reads the token from the fragment. */
  private void follow(MailCatcher.Mail link) {
    page = chromium.open("https://localhost:" + service.port() + "/account/#token=" + link.token() + "&action=" + link.action());
  }

  private MailCatcher.Mail waitForMail(String action) {
    long deadline = System.nanoTime() + STEP.toNanos();
    while (System.nanoTime() < deadline) {
      var found = mail.mails().stream().filter(m -> action.equals(m.action())).findFirst();
      if (found.isPresent()) {
        return found.get();
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new AssertionError("no " + action + " mail");
  }

  private void fill(String id, String value) {
    page.evaluate("document.getElementById('" + id + "').value = " + literal(value) + "; true");
  }

  private void submit(String form, String field, String value) {
    fill(field, value);
    page.evaluate("document.getElementById('" + form + "').requestSubmit(); true");
  }

  private void click(String id) {
    page.evaluate("document.getElementById('" + id + "').click(); true");
  }

  private void waitForStatus(String text) {
    page.waitFor("document.getElementById('status').textContent === " + literal(text), STEP);
  }

  /** A JavaScript string literal of this text. */
  private static String literal(String text) {
    String array = new JsonArray().add(text).encode();
    return array.substring(1, array.length() - 1);
  }

  /** Chromium's form of a certificate's public key pin: base64 of the SHA-256 of its SubjectPublicKeyInfo. */
  private static String spkiHash(Path certificate) throws Exception {
    try (InputStream in = Files.newInputStream(certificate)) {
      X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
      return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(cert.getPublicKey().getEncoded()));
    }
  }
}
