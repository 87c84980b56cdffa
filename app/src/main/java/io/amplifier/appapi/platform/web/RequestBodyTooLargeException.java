package io.amplifier.appapi.platform.web;

import java.io.IOException;

/** The request body passed {@code MAX_REQUEST_BYTES} while it was being read: answered 413. */
final class RequestBodyTooLargeException extends IOException {

  RequestBodyTooLargeException(long limit) {
    super("Request body is larger than " + limit + " bytes");
  }
}
