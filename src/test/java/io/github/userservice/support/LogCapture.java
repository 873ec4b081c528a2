package io.github.userservice.support;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every log line of the test's JVM while it is open, as the service's appenders format it (message, arguments filled
 * in, and the exception's text and stack), for checks of what a log does or does not say.
 */
public final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {

  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final Logger root;

  private LogCapture() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    setContext(context);
    start();
    root.addAppender(this);
  }

  public static LogCapture capture() {
    return new LogCapture();
  }

  @Override
  protected void append(ILoggingEvent event) {
    StringBuilder line = new StringBuilder(event.getLoggerName()).append(' ').append(event.getFormattedMessage());
    for (var cause = event.getThrowableProxy(); cause != null; cause = cause.getCause()) {
      line.append(" | ").append(cause.getClassName()).append(": ").append(cause.getMessage());
    }
    lines.add(line.toString());
  }

  public List<String> lines() {
    return List.copyOf(lines);
  }

  public boolean contains(String text) {
    return lines.stream().anyMatch(line -> line.contains(text));
  }

  @Override
  public void close() {
    root.detachAppender(this);
    stop();
  }
}
