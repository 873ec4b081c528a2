package io.github.userservice.mail;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Mail templates: every one in the jar renders, the service's name goes in, nothing comes out unescaped in HTML")
class MailTemplatesTest {

  private static final String LINK = "https://app.example.com/account#token=abc&action=password-reset";
  private static final JsonObject VARIABLES = new JsonObject().put("login", "alice").put("link", LINK).put("minutes", 30).put("hours", 24)
    .put("left", 9);

  @Test
  @DisplayName("each template of the jar renders a subject, a text and an HTML body with every placeholder filled")
  void everyTemplateRenders() {
    MailTemplates templates = MailTemplates.load("Example Accounts");

    for (String name : MailTemplates.NAMES) {
      MailTemplates.Rendered mail = templates.render(name, VARIABLES);
      assertTrue(mail.subject().contains("Example Accounts"), name + ": " + mail.subject());
      for (String part : new String[] {mail.subject(), mail.text(), mail.html()}) {
        assertFalse(part.contains("{{"), name + ": " + part);
      }
      assertTrue(mail.text().contains("alice") && mail.html().contains("alice"), name);
    }
  }

  @Test
  @DisplayName("the reset mail carries the link as it is in the text, and HTML-escaped in the HTML")
  void linkInBothBodies() {
    MailTemplates.Rendered mail = MailTemplates.load("Example").render("password-reset", VARIABLES);

    assertTrue(mail.text().contains(LINK), mail.text());
    assertTrue(mail.html().contains("href=\"https://app.example.com/account#token=abc&amp;action=password-reset\""), mail.html());
  }

  @Test
  @DisplayName("a service name with markup is text in the HTML body, never markup")
  void serviceNameEscaped() {
    MailTemplates.Rendered mail = MailTemplates.load("<b onclick=\"x()\">Evil & Co</b>").render("password-changed", VARIABLES);

    assertFalse(mail.html().contains("<b onclick"), mail.html());
    assertTrue(mail.html().contains("&lt;b onclick=&quot;x()&quot;&gt;Evil &amp; Co&lt;/b&gt;"), mail.html());
  }

  @Test
  @DisplayName("a template this version lacks, or a mail without one of its variables, is refused rather than sent half-filled")
  void refusals() {
    MailTemplates templates = MailTemplates.load("Example");

    assertThrows(IllegalArgumentException.class, () -> templates.render("welcome", VARIABLES));
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
      () -> templates.render("password-reset", new JsonObject().put("login", "alice").put("minutes", 30)));
    assertEquals("the mail lacks its variable 'link'", missing.getMessage());
  }
}
