package io.github.userservice.mail;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The account mails' texts, from {@code mail/<name>.txt} (its first line {@code Subject: ...}, a blank line, the
 * plain-text body) and {@code mail/<name>.html} in the jar, with {@code {{variable}}} placeholders filled from the
 * outbox row's variables and {@code serviceName}: as they are in the text, HTML-escaped in the HTML. A placeholder
 * without a value is an error, so a template never goes out half filled.
 */
final class MailTemplates {

  /** A mail ready to send. */
  record Rendered(String subject, String text, String html) {
  }

  private record Template(String subject, String text, String html) {
  }

  static final List<String> NAMES = List.of("password-reset", "email-verification", "email-changed", "password-changed",
    "recovery-code-used");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-zA-Z]+)}}");
  private static final String SUBJECT = "Subject: ";

  private final Map<String, Template> templates;
  private final String serviceName;

  private MailTemplates(Map<String, Template> templates, String serviceName) {
    this.templates = Map.copyOf(templates);
    this.serviceName = serviceName;
  }

  /** Every template of the jar, read once; a missing or malformed one stops start-up. */
  static MailTemplates load(String serviceName) {
    Map<String, Template> templates = new HashMap<>();
    for (String name : NAMES) {
      String text = resource(name + ".txt");
      if (!text.startsWith(SUBJECT) || !text.contains("\n\n")) {
        throw new IllegalStateException("mail/" + name + ".txt must start with 'Subject: ...' and a blank line");
      }
      int end = text.indexOf('\n');
      templates.put(name, new Template(text.substring(SUBJECT.length(), end).strip(), text.substring(text.indexOf("\n\n") + 2),
        resource(name + ".html")));
    }
    return new MailTemplates(templates, serviceName);
  }

  /** @throws IllegalArgumentException for a template this version does not have, or a variable the row lacks */
  Rendered render(String name, JsonObject variables) {
    Template template = templates.get(name);
    if (template == null) {
      throw new IllegalArgumentException("no mail template '" + name + "'");
    }
    JsonObject values = variables.copy().put("serviceName", serviceName);
    return new Rendered(fill(template.subject(), values, false), fill(template.text(), values, false), fill(template.html(), values, true));
  }

  private static String fill(String template, JsonObject values, boolean html) {
    Matcher matcher = PLACEHOLDER.matcher(template);
    StringBuilder filled = new StringBuilder();
    while (matcher.find()) {
      Object value = values.getValue(matcher.group(1));
      if (value == null) {
        throw new IllegalArgumentException("the mail lacks its variable '" + matcher.group(1) + "'");
      }
      String text = value.toString();
      matcher.appendReplacement(filled, Matcher.quoteReplacement(html ? escape(text) : text));
    }
    return matcher.appendTail(filled).toString();
  }

  static String escape(String text) {
    StringBuilder escaped = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '<' -> escaped.append("&lt;");
        case '>' -> escaped.append("&gt;");
        case '&' -> escaped.append("&amp;");
        case '"' -> escaped.append("&quot;");
        case '\'' -> escaped.append("&#39;");
        default -> escaped.append(c);
      }
    }
    return escaped.toString();
  }

  private static String resource(String name) {
    try (InputStream in = MailTemplates.class.getResourceAsStream("/mail/" + name)) {
      if (in == null) {
        throw new IllegalStateException("the jar lacks the mail template mail/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
