package io.amplifier.appapi.platform.web;

import io.amplifier.appapi.platform.operations.RequestIds;
import io.amplifier.appapi.platform.problems.Problems;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

/**
 * The limit on request bodies, {@code MAX_REQUEST_BYTES} (default 1 MiB), with its 413 problem
 * before they are read: a declared {@code Content-Length} decides at once ({@link EdgeFilter}); a
 * chunked body is read through a counting stream that fails at the limit, so no oversized body is
 * ever held in memory.
 */
@Component
public class RequestSizeLimit {

  private final long limit;

  RequestSizeLimit(@Value("${MAX_REQUEST_BYTES:1048576}") long limit) {
    this.limit = limit;
  }

  /** Whether the declared {@code Content-Length} is over the limit already. */
  boolean declaredTooLarge(HttpServletRequest request) {
    return request.getContentLengthLong() > limit;
  }

  /** The request with its body counted as it is read: past the limit a read fails. */
  HttpServletRequest limited(HttpServletRequest request) {
    return new LimitedRequest(request, limit);
  }

  void refuse(HttpServletRequest request, HttpServletResponse response) throws IOException {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.PAYLOAD_TOO_LARGE, "Request body is larger than " + limit + " bytes");
    problem.setProperty(
        "errors", java.util.List.of(java.util.Map.of("field", "body", "message", "is too large")));
    Problems.complete(
        problem, HttpStatus.PAYLOAD_TOO_LARGE, request.getAttribute(RequestIds.ATTRIBUTE));
    // The rest of the body is not wanted. Tomcat discards up to server.tomcat.max-swallow-size
    // (2 MB) of it, never holding it, so a client still sending gets this answer intact; past
    // that it closes the connection.
    Problems.write(response, problem);
  }

  public static boolean tooLarge(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof RequestBodyTooLargeException) {
        return true;
      }
    }
    return false;
  }

  /** The request with its body read through a {@link CountingStream}. */
  private static final class LimitedRequest extends HttpServletRequestWrapper {
    private final long limit;
    private @Nullable ServletInputStream stream;
    private @Nullable BufferedReader reader;

    LimitedRequest(HttpServletRequest request, long limit) {
      super(request);
      this.limit = limit;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (stream == null) {
        stream = new CountingStream(super.getInputStream(), limit);
      }
      return stream;
    }

    @Override
    public BufferedReader getReader() throws IOException {
      if (reader == null) {
        String encoding = getCharacterEncoding();
        Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
        reader = new BufferedReader(new InputStreamReader(getInputStream(), charset));
      }
      return reader;
    }
  }

  /** Counts the bytes read and fails once more than the limit have arrived. */
  private static final class CountingStream extends ServletInputStream {
    private final ServletInputStream in;
    private final long limit;
    private long count;

    CountingStream(ServletInputStream in, long limit) {
      this.in = in;
      this.limit = limit;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        add(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = in.read(buffer, offset, length);
      if (n > 0) {
        add(n);
      }
      return n;
    }

    private void add(int n) throws IOException {
      count += n;
      if (count > limit) {
        throw new RequestBodyTooLargeException(limit);
      }
    }

    @Override
    public boolean isFinished() {
      return in.isFinished();
    }

    @Override
    public boolean isReady() {
      return in.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
      in.setReadListener(listener);
    }
  }
}
