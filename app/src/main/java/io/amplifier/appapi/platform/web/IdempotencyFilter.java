package io.amplifier.appapi.platform.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.amplifier.appapi.platform.operations.RequestIds;
import io.amplifier.appapi.platform.problems.Problems;
import io.amplifier.appapi.platform.security.CallerResolver;
import io.amplifier.appapi.users.api.Caller;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code Idempotency-Key} on POST: the first request with a key runs, and its first command claims
 * the key in its own transaction; the answer (status, body, Location/ETag/Content-Type) is recorded
 * when the request ends, streams included. A retry with the same key and body gets that answer
 * again (a stream as the recorded SSE), marked {@code Idempotent-Replayed: true}, and appends
 * nothing; with another body 422; while the first still runs 409. The answer is kept sealed ({@link
 * AnswerSeal}) and replayed only while its caller may still see the entity it is about ({@link
 * ReplayAccess}: else 404, or 403 for an application); once that entity is deleted, 410. An answer
 * over {@code IDEMPOTENCY_MAX_RECORDED_BYTES} is not kept: its retries get 422.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE - 100)
class IdempotencyFilter extends OncePerRequestFilter {

  static final String HEADER = "Idempotency-Key";

  /** The request attribute holding the request's {@link Claim}. */
  static final String ATTRIBUTE = IdempotencyFilter.class.getName();

  private static final Logger log = LoggerFactory.getLogger(IdempotencyFilter.class);
  private static final List<String> KEPT_HEADERS = List.of("Location", "ETag", "X-As-Of");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final IdempotencyKeys keys;
  private final CallerResolver callers;
  private final ReplayAccess access;
  private final int maxRecorded;

  IdempotencyFilter(
      IdempotencyKeys keys,
      CallerResolver callers,
      ReplayAccess access,
      @Value("${IDEMPOTENCY_MAX_RECORDED_BYTES:262144}") int maxRecorded) {
    this.keys = keys;
    this.callers = callers;
    this.access = access;
    this.maxRecorded = Math.max(0, maxRecorded);
  }

  /**
   * A request's hold on its key ({@code key} as sent, which seals the answer; the table and the
   * command's metadata see only {@code lookup}); the first command it sends carries it as metadata.
   */
  record Claim(
      String caller,
      String key,
      String lookup,
      String hash,
      String id,
      String path,
      AtomicBoolean sent) {

    /** The metadata of the first command of the request, empty for every later one. */
    Map<String, Object> takeMetadata() {
      if (!sent.compareAndSet(false, true)) {
        return Map.of();
      }
      return Map.of(
          IdempotencyKeys.CALLER, caller,
          IdempotencyKeys.KEY, lookup,
          IdempotencyKeys.HASH, hash,
          IdempotencyKeys.CLAIM, id);
    }
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !"POST".equals(request.getMethod()) || request.getHeader(HEADER) == null;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String key = request.getHeader(HEADER).trim();
    if (key.isEmpty() || key.length() > 255) {
      problem(
          request,
          response,
          HttpStatus.UNPROCESSABLE_ENTITY,
          "Idempotency-Key must be 1 to 255 characters",
          true);
      return;
    }
    Caller caller = callers.resolve(request);
    byte[] body = request.getInputStream().readAllBytes();
    String owner = caller.appId() + "|" + caller.userId().value();
    String hash = hash(request, body);
    String lookup = AnswerSeal.lookup(key);
    Optional<IdempotencyKeys.Row> row = keys.find(owner, lookup);
    if (row.isPresent()) {
      answerFrom(row.get(), key, owner, caller, hash, request, response);
      return;
    }
    Claim claim =
        new Claim(
            owner,
            key,
            lookup,
            hash,
            UUID.randomUUID().toString(),
            request.getRequestURI(),
            new AtomicBoolean());
    request.setAttribute(ATTRIBUTE, claim);
    RecordingResponse recording = new RecordingResponse(response, maxRecorded);
    Completion completion = new Completion(claim, recording);
    try {
      chain.doFilter(new CachedBodyRequest(request, body, completion), recording);
    } finally {
      if (!request.isAsyncStarted()) {
        record(claim, recording);
      }
    }
  }

  private void answerFrom(
      IdempotencyKeys.Row row,
      String key,
      String owner,
      Caller caller,
      String hash,
      HttpServletRequest request,
      HttpServletResponse response)
      throws IOException {
    if (!row.hash().equals(hash)) {
      problem(
          request,
          response,
          HttpStatus.UNPROCESSABLE_ENTITY,
          "Idempotency-Key was already used with a different request",
          true);
      return;
    }
    if (!row.completed()) {
      problem(
          request,
          response,
          HttpStatus.CONFLICT,
          "A request with this Idempotency-Key is in progress; retry when it has finished",
          false);
      return;
    }
    if (row.gone()) {
      replayed(response);
      problem(
          request,
          response,
          HttpStatus.GONE,
          "What the first request with this Idempotency-Key answered about was deleted since;"
              + " its answer is gone",
          false);
      return;
    }
    ReplayAccess.Verdict verdict = access.check(row.entity(), caller);
    if (verdict != ReplayAccess.Verdict.LIVE) {
      boolean forbidden = verdict == ReplayAccess.Verdict.FORBIDDEN;
      problem(
          request,
          response,
          forbidden ? HttpStatus.FORBIDDEN : HttpStatus.NOT_FOUND,
          forbidden
              ? "Replaying this answer needs the rights its first request had"
              : "What the first request with this Idempotency-Key answered about is not"
                  + " (or no longer) visible to the caller",
          false);
      return;
    }
    Optional<byte[]> opened =
        row.body() == null ? Optional.empty() : AnswerSeal.open(key, owner, row.body());
    if (row.omitted() || opened.isEmpty()) {
      replayed(response);
      if (row.headers() != null && JSON.readTree(row.headers()).hasNonNull("Location")) {
        response.setHeader("Location", JSON.readTree(row.headers()).get("Location").asText());
      }
      problem(
          request,
          response,
          HttpStatus.UNPROCESSABLE_ENTITY,
          "The first request with this Idempotency-Key ran (status "
              + row.status()
              + "), but its answer was too large to keep for replay (over"
              + " IDEMPOTENCY_MAX_RECORDED_BYTES); read its result instead of retrying",
          true);
      return;
    }
    response.setStatus(row.status());
    if (row.contentType() != null) {
      response.setContentType(row.contentType());
    }
    if (row.headers() != null) {
      JSON.readTree(row.headers())
          .fields()
          .forEachRemaining(h -> response.setHeader(h.getKey(), h.getValue().asText()));
    }
    replayed(response);
    byte[] body = opened.get();
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
    response.flushBuffer();
  }

  private void record(Claim claim, RecordingResponse recording) {
    if (!claim.sent().get()) {
      return; // no command ran: nothing to protect, nothing recorded
    }
    try {
      Map<String, String> headers = new LinkedHashMap<>();
      for (String name : KEPT_HEADERS) {
        String value = recording.getHeader(name);
        if (value != null) {
          headers.put(name, value);
        }
      }
      byte[] sealed = null;
      if (recording.overflowed()) {
        log.info("Answer to an Idempotency-Key request too large to keep; its retries get 422");
      } else {
        sealed = AnswerSeal.seal(claim.key(), claim.caller(), recording.recorded());
      }
      keys.complete(
          claim.id(),
          recording.getStatus(),
          recording.getContentType(),
          JSON.writeValueAsString(headers),
          ReplayAccess.entityOf(recording.getHeader("Location"), claim.path()),
          sealed);
    } catch (IOException | RuntimeException e) {
      log.warn("Could not record the answer to an Idempotency-Key request: {}", e.toString());
    }
  }

  private static void replayed(HttpServletResponse response) {
    response.setHeader("Idempotent-Replayed", "true");
  }

  private static String hash(HttpServletRequest request, byte[] body) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(
          (request.getMethod()
                  + " "
                  + request.getRequestURI()
                  + "?"
                  + (request.getQueryString() == null ? "" : request.getQueryString())
                  + "\n")
              .getBytes(StandardCharsets.UTF_8));
      digest.update(body);
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void problem(
      HttpServletRequest request,
      HttpServletResponse response,
      HttpStatus status,
      String detail,
      boolean field)
      throws IOException {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    if (field) {
      problem.setProperty("errors", List.of(Map.of("field", HEADER, "message", detail)));
    }
    Problems.complete(problem, status, request.getAttribute(RequestIds.ATTRIBUTE));
    Problems.write(response, problem);
  }

  /** Records the answer of a request that went async (a stream) once it completes. */
  private final class Completion implements AsyncListener {
    private final Claim claim;
    private final RecordingResponse recording;

    Completion(Claim claim, RecordingResponse recording) {
      this.claim = claim;
      this.recording = recording;
    }

    @Override
    public void onComplete(AsyncEvent event) {
      record(claim, recording);
    }

    @Override
    public void onTimeout(AsyncEvent event) {}

    @Override
    public void onError(AsyncEvent event) {}

    @Override
    public void onStartAsync(AsyncEvent event) {}
  }

  /** The request with its body already read (it was hashed). */
  private static final class CachedBodyRequest extends HttpServletRequestWrapper {
    private final byte[] body;
    private final AsyncListener completion;

    CachedBodyRequest(HttpServletRequest request, byte[] body, AsyncListener completion) {
      super(request);
      this.body = body;
      this.completion = completion;
    }

    @Override
    public AsyncContext startAsync() {
      AsyncContext async = super.startAsync();
      async.addListener(completion);
      return async;
    }

    @Override
    public AsyncContext startAsync(ServletRequest request, ServletResponse response) {
      AsyncContext async = super.startAsync(request, response);
      async.addListener(completion);
      return async;
    }

    @Override
    public ServletInputStream getInputStream() {
      ByteArrayInputStream in = new ByteArrayInputStream(body);
      return new ServletInputStream() {
        @Override
        public int read() {
          return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) {
          return in.read(b, off, len);
        }

        @Override
        public boolean isFinished() {
          return in.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          throw new UnsupportedOperationException();
        }
      };
    }

    @Override
    public BufferedReader getReader() {
      String encoding = getCharacterEncoding();
      Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
      return new BufferedReader(new InputStreamReader(getInputStream(), charset));
    }

    @Override
    public int getContentLength() {
      return body.length;
    }

    @Override
    public long getContentLengthLong() {
      return body.length;
    }
  }

  /** Passes the answer through and keeps a copy of its body (up to a bound). */
  private static final class RecordingResponse extends HttpServletResponseWrapper {
    private final ByteArrayOutputStream copy = new ByteArrayOutputStream();
    private final int limit;
    private boolean overflow;
    private @Nullable ServletOutputStream stream;
    private @Nullable PrintWriter writer;

    RecordingResponse(HttpServletResponse response, int limit) {
      super(response);
      this.limit = limit;
    }

    byte[] recorded() {
      if (writer != null) {
        writer.flush();
      }
      return copy.toByteArray();
    }

    boolean overflowed() {
      return overflow;
    }

    private void keep(byte[] b, int off, int len) {
      if (overflow || copy.size() + len > limit) {
        overflow = true;
        copy.reset();
      } else {
        copy.write(b, off, len);
      }
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
      if (stream == null) {
        stream =
            new ForwardingOutputStream(super.getOutputStream()) {
              @Override
              public void write(int b) throws IOException {
                super.write(b);
                keep(new byte[] {(byte) b}, 0, 1);
              }

              @Override
              public void write(byte[] b, int off, int len) throws IOException {
                super.write(b, off, len);
                keep(b, off, len);
              }
            };
      }
      return stream;
    }

    @Override
    public PrintWriter getWriter() throws IOException {
      if (writer == null) {
        String encoding = getCharacterEncoding();
        Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
        writer = new PrintWriter(new OutputStreamWriter(getOutputStream(), charset), true);
      }
      return writer;
    }

    @Override
    public void flushBuffer() throws IOException {
      if (writer != null) {
        writer.flush();
      }
      super.flushBuffer();
    }
  }
}
