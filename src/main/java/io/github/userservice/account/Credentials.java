package io.github.userservice.account;

/** A canonical login and a normalized password, as a request or an {@code Authorization} header gave them. */
public record Credentials(String login, String password) {

  @Override
  public String toString() {
    return "Credentials[login=" + login + ", password hidden]";
  }
}
