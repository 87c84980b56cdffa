package io.amplifier.appapi.platform.api;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The number of bytes a writer writes, kept without the bytes: the size of a JSON document as a
 * serializer would write it (UTF-8), without a copy of the document as a string and another as
 * bytes. E.g. {@code ByteCount.of(out -> json.writeValue(out, document))}.
 */
@FunctionalInterface
public interface ByteCount {

  /** Writes what is to be counted to {@code out}. */
  void writeTo(OutputStream out) throws IOException;

  /** How many bytes {@code writer} writes. */
  static long of(ByteCount writer) throws IOException {
    long[] count = {0};
    writer.writeTo(
        new OutputStream() {
          @Override
          public void write(int b) {
            count[0]++;
          }

          @Override
          public void write(byte[] b, int off, int len) {
            count[0] += len;
          }
        });
    return count[0];
  }
}
