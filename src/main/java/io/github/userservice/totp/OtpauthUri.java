package io.github.userservice.totp;

import java.nio.charset.StandardCharsets;

/**
 * The {@code otpauth://totp/ISSUER:LOGIN?secret=...&issuer=...} URI that authenticator apps scan as a QR code (the Key
 * URI Format that Google Authenticator defined and the others follow). The issuer and the login are percent-encoded
 * byte by byte in UTF-8, every character but RFC 3986's unreserved ones: a space is {@code %20} (never {@code +}, which
 * some apps would show), a {@code :} in the issuer cannot be read as the label's separator, and {@code @} or {@code +}
 * in a login survive every parser. The parameters are RFC 6238's defaults, spelled out for apps that do not assume them.
 */
public final class OtpauthUri {

  private static final String HEX = "0123456789ABCDEF";

  private OtpauthUri() {
  }

  /** @param secret the shared secret in base 32, as {@link Totp} reads it */
  public static String of(String issuer, String login, String secret) {
    String encodedIssuer = encode(issuer);
    return "otpauth://totp/" + encodedIssuer + ":" + encode(login)
      + "?secret=" + secret
      + "&issuer=" + encodedIssuer
      + "&algorithm=SHA1&digits=" + Totp.DIGITS + "&period=" + Totp.STEP_SECONDS;
  }

  /** RFC 3986 percent-encoding of everything but {@code A-Z a-z 0-9 - . _ ~}. */
  static String encode(String text) {
    StringBuilder encoded = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~') {
        encoded.append((char) c);
      } else {
        encoded.append('%').append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 15));
      }
    }
    return encoded.toString();
  }
}
