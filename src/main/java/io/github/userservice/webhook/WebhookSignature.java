package io.github.userservice.webhook;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

/**
 * Signs webhook messages as the Standard Webhooks specification defines it: HMAC-SHA256, keyed with the secret's
 * bytes, over {@code id.timestamp.body}, sent as {@code webhook-signature: v1,<base64>} beside {@code webhook-id} and
 * {@code webhook-timestamp} (whole seconds), so that receivers can use any of the specification's libraries. The
 * secret is written {@code whsec_} and base64 of 24 to 64 random bytes. Thread-safe.
 */
final class WebhookSignature {

  private static final String PREFIX = "whsec_";

  private final SecretKeySpec key;

  private WebhookSignature(byte[] secret) {
    this.key = new SecretKeySpec(secret, "HmacSHA256");
  }

  /** @throws IllegalArgumentException when the secret is not {@code whsec_} and base64 of 24 to 64 bytes */
  static WebhookSignature of(String secret) {
    if (!secret.startsWith(PREFIX)) {
      throw new IllegalArgumentException("a webhook secret starts with whsec_");
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(secret.substring(PREFIX.length()));
    } catch (IllegalArgumentException notBase64) {
      throw new IllegalArgumentException("a webhook secret is whsec_ and base64");
    }
    if (bytes.length < 24 || bytes.length > 64) {
      throw new IllegalArgumentException("a webhook secret holds 24 to 64 bytes, this one " + bytes.length);
    }
    return new WebhookSignature(bytes);
  }

  /** The {@code webhook-signature} header of this message. */
  String sign(String id, long timestampSeconds, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      byte[] signature = mac.doFinal((id + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
      return "v1," + Base64.getEncoder().encodeToString(signature);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  @Override
  public String toString() {
    return "WebhookSignature[secret hidden]";
  }
}
