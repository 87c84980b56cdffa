package io.amplifier.appapi.platform.security;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** A 429 problem whose {@code Retry-After} header says when to try again. */
final class TooManyRequestsException extends ResponseStatusException {

  private final long retryAfterSeconds;

  TooManyRequestsException(String detail, long retryAfterSeconds) {
    super(HttpStatus.TOO_MANY_REQUESTS, detail);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  @Override
  public HttpHeaders getHeaders() {
    HttpHeaders headers = new HttpHeaders();
    headers.set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
    return headers;
  }
}
