package io.amplifier.appapi.configs.service;

/** An {@code If-Match} that is no ETag of this resource: a 412. */
public class PreconditionFailedException extends RuntimeException {

  public PreconditionFailedException(String detail) {
    super(detail, null, false, false);
  }
}
