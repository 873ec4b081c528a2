package io.github.userservice.http;

import io.github.userservice.problem.Problem;
import io.github.userservice.problem.Problems;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;

/**
 * Answers requests that could not even be parsed (an overlong URL or header block, a broken request line) with a
 * problem document, as the router does for everything else, then closes the connection: after a framing error
 * nothing more on it can be trusted.
 */
final class InvalidRequests implements Handler<HttpServerRequest> {

  @Override
  public void handle(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    Problem problem;
    if (cause instanceof TooLongHttpLineException) {
      problem = Problem.ofStatus(414, "The request line is too long.");
    } else if (cause instanceof TooLongHttpHeaderException || cause instanceof TooLongFrameException) {
      problem = Problem.ofStatus(431, "The request headers are too large.");
    } else {
      problem = Problems.malformedRequest();
    }
    problem.withHeader("Connection", "close").send(request);
    request.connection().close();
  }
}
