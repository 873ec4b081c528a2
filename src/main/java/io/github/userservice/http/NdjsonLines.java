package io.github.userservice.http;

import io.vertx.core.buffer.Buffer;

/**
 * Splits a body arriving in chunks into NDJSON lines: LF ends a line, a CR before it is dropped, and the last line
 * needs no LF. A line longer than {@code maxLineBytes} is reported once as too long and its bytes are dropped as they
 * arrive, so memory never holds more than one line's limit whatever the body. Lines are numbered from 1, blank
 * ones included, so that the numbers match the file's.
 */
final class NdjsonLines {

  interface Receiver {

    /** A line's bytes, without its line end; empty for a blank line. */
    void line(long number, Buffer bytes);

    void tooLong(long number);
  }

  private final int maxLineBytes;
  private final Receiver receiver;
  private Buffer current = Buffer.buffer();
  private boolean tooLong;
  private long number;

  NdjsonLines(int maxLineBytes, Receiver receiver) {
    this.maxLineBytes = maxLineBytes;
    this.receiver = receiver;
  }

  void feed(Buffer chunk) {
    int start = 0;
    for (int i = 0; i < chunk.length(); i++) {
      if (chunk.getByte(i) == '\n') {
        append(chunk, start, i);
        emit();
        start = i + 1;
      }
    }
    append(chunk, start, chunk.length());
  }

  /** The body ended: a last line without LF is a line too. */
  void end() {
    if (current.length() > 0 || tooLong) {
      emit();
    }
  }

  /** How many lines were read so far. */
  long lines() {
    return number;
  }

  private void append(Buffer chunk, int from, int to) {
    if (tooLong || from == to) {
      return;
    }
    if (current.length() + (to - from) > maxLineBytes + 1) {
      // one byte of slack for the CR of a line exactly at the limit
      tooLong = true;
      current = Buffer.buffer();
      return;
    }
    current.appendBuffer(chunk, from, to - from);
  }

  private void emit() {
    number++;
    if (tooLong) {
      receiver.tooLong(number);
    } else {
      int length = current.length();
      if (length > 0 && current.getByte(length - 1) == '\r') {
        length--;
      }
      if (length > maxLineBytes) {
        receiver.tooLong(number);
      } else {
        receiver.line(number, current.getBuffer(0, length));
      }
    }
    current = Buffer.buffer();
    tooLong = false;
  }
}
