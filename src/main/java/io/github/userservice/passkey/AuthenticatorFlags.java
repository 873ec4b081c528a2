package io.github.userservice.passkey;

import java.util.Base64;
import java.util.Optional;

/**
 * The flags byte of authenticator data (WebAuthn Level 3, 6.1): user present, user verified, backup eligible, backed
 * up. Read from an assertion's {@code authenticatorData}, which the signature covers, so they are checked only once
 * the signature is.
 */
record AuthenticatorFlags(int bits) {

  private static final int USER_PRESENT = 0x01;
  private static final int USER_VERIFIED = 0x04;
  private static final int BACKUP_ELIGIBLE = 0x08;
  private static final int BACKED_UP = 0x10;
  /** The rpIdHash comes first (32 bytes), then the flags, then the counter (4 bytes). */
  private static final int FLAGS_OFFSET = 32;

  static Optional<AuthenticatorFlags> ofAuthenticatorData(String base64url) {
    try {
      byte[] data = Base64.getUrlDecoder().decode(base64url);
      return data.length < FLAGS_OFFSET + 5 ? Optional.empty() : Optional.of(new AuthenticatorFlags(data[FLAGS_OFFSET] & 0xff));
    } catch (RuntimeException malformed) {
      return Optional.empty();
    }
  }

  boolean userPresent() {
    return (bits & USER_PRESENT) != 0;
  }

  boolean userVerified() {
    return (bits & USER_VERIFIED) != 0;
  }

  boolean backupEligible() {
    return (bits & BACKUP_ELIGIBLE) != 0;
  }

  boolean backedUp() {
    return (bits & BACKED_UP) != 0;
  }
}
