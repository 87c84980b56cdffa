package io.amplifier.appapi.platform.api;

import java.io.OutputStream;

/**
 * An output stream that keeps nothing but the number of bytes written to it: the size of a JSON
 * document as a serializer would write it (UTF-8), without a copy of the document as a string and
 * another as bytes.
 */
public final class ByteCounter extends OutputStream {

  private long count;

  @Override
  public void write(int b) {
    count++;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    count += len;
  }

  /** Bytes written so far. */
  public long count() {
    return count;
  }
}
