package io.amplifier.appapi.configs.web;

/** An {@code If-Match} that is no ETag of this resource: a 412. */
class PreconditionFailedException extends RuntimeException {

  PreconditionFailedException(String detail) {
    super(detail, null, false, false);
  }
}
