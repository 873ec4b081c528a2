package io.github.userservice.account;

/**
 * A canonical login and a password as typed, as a request or an {@code Authorization} header gave them: the store
 * normalizes it (NFKC) for its own hashes, and tries it as typed too against a hash imported from a system that did
 * not normalize.
 */
public record Credentials(String login, String password) {

  @Override
  public String toString() {
    return "Credentials[login=" + login + ", password hidden]";
  }
}
