package io.github.userservice.totp;

import java.util.Locale;

/**
 * RFC 4648 base 32 without padding, the alphabet authenticator apps read TOTP secrets in ({@code otpauth://} URIs,
 * keys typed by hand). Decoding accepts lower case and ignores spaces, as people type them.
 */
final class Base32 {

  private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

  private Base32() {
  }

  static String encode(byte[] bytes) {
    StringBuilder text = new StringBuilder((bytes.length * 8 + 4) / 5);
    int buffer = 0;
    int bits = 0;
    for (byte b : bytes) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        text.append(ALPHABET.charAt((buffer >> (bits - 5)) & 31));
        bits -= 5;
      }
    }
    if (bits > 0) {
      text.append(ALPHABET.charAt((buffer << (5 - bits)) & 31));
    }
    return text.toString();
  }

  /** @throws IllegalArgumentException for a character outside the alphabet */
  static byte[] decode(String text) {
    String clean = text.replace(" ", "").replace("=", "").toUpperCase(Locale.ROOT);
    byte[] bytes = new byte[clean.length() * 5 / 8];
    int buffer = 0;
    int bits = 0;
    int index = 0;
    for (int i = 0; i < clean.length(); i++) {
      int value = ALPHABET.indexOf(clean.charAt(i));
      if (value < 0) {
        throw new IllegalArgumentException("not base 32");
      }
      buffer = (buffer << 5) | value;
      bits += 5;
      if (bits >= 8) {
        bytes[index++] = (byte) (buffer >> (bits - 8));
        bits -= 8;
      }
    }
    return bytes;
  }
}
