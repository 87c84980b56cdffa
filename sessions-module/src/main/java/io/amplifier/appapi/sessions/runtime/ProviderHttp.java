package io.amplifier.appapi.sessions.runtime;

import io.amplifier.appapi.sessions.api.HostResolver;
import io.netty.channel.ChannelOption;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.ReactorClientHttpRequestFactory;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;

/**
 * The one HTTP client of provider calls (reactor netty, for plain and streamed calls alike): every
 * connect passes the outbound policy through {@link GuardedAddressResolverGroup}, redirects are
 * not followed, and a silent provider is cut off after the idle timeout. A plain reply's body is
 * also cut off at the turn's deadline and at a size bound of its reply-size cap.
 */
@Component
class ProviderHttp {

  private final HttpClient client;
  private final ProviderSettings settings;

  ProviderHttp(ProviderSettings settings, HostResolver hosts, OutboundPolicy policy) {
    this.settings = settings;
    this.client =
        HttpClient.create()
            .resolver(new GuardedAddressResolverGroup(hosts, policy))
            .followRedirect(false)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
            .responseTimeout(settings.idleTimeout());
  }

  /** A client for one plain call that must end by {@code deadlineNanos} ({@link System#nanoTime()}). */
  RestClient.Builder rest(long deadlineNanos) {
    ReactorClientHttpRequestFactory factory = new ReactorClientHttpRequestFactory(client);
    factory.setExchangeTimeout(settings.turnTimeout());
    long maxBytes = settings.maxReplyChars() * 6L + 65_536;
    ClientHttpRequestInterceptor guard =
        (request, body, execution) ->
            new GuardedResponse(execution.execute(request, body), deadlineNanos, maxBytes, settings);
    return RestClient.builder().requestFactory(factory).requestInterceptor(guard);
  }

  /** A client for streamed calls; the turn's deadline and size cap are watched as deltas arrive. */
  WebClient.Builder web() {
    return WebClient.builder().clientConnector(new ReactorClientHttpConnector(client));
  }

  /** A response whose body stops at the deadline or after {@code maxBytes}. */
  private static final class GuardedResponse implements ClientHttpResponse {
    private final ClientHttpResponse response;
    private final long deadlineNanos;
    private final long maxBytes;
    private final ProviderSettings settings;

    GuardedResponse(ClientHttpResponse response, long deadlineNanos, long maxBytes, ProviderSettings settings) {
      this.response = response;
      this.deadlineNanos = deadlineNanos;
      this.maxBytes = maxBytes;
      this.settings = settings;
    }

    @Override
    public HttpStatusCode getStatusCode() throws IOException {
      return response.getStatusCode();
    }

    @Override
    public String getStatusText() throws IOException {
      return response.getStatusText();
    }

    @Override
    public HttpHeaders getHeaders() {
      return response.getHeaders();
    }

    @Override
    public InputStream getBody() throws IOException {
      return new FilterInputStream(response.getBody()) {
        private long read;

        @Override
        public int read() throws IOException {
          int b = super.read();
          count(b < 0 ? 0 : 1);
          return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
          int n = super.read(buffer, offset, length);
          count(Math.max(n, 0));
          return n;
        }

        private void count(int n) throws IOException {
          read += n;
          if (System.nanoTime() - deadlineNanos > 0) {
            throw TurnLimitException.deadline(settings.turnTimeout());
          }
          if (read > maxBytes) {
            throw TurnLimitException.tooLarge(settings.maxReplyChars());
          }
        }
      };
    }

    @Override
    public void close() {
      response.close();
    }
  }
}
