package io.amplifier.appapi.sessions.runtime;

import io.amplifier.appapi.sessions.api.HostResolver;
import io.netty.channel.ChannelOption;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.ReactorClientHttpRequestFactory;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientResponseException;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * The one HTTP client of provider calls (reactor netty, for plain and streamed calls alike): every
 * connect passes the outbound policy through {@link GuardedAddressResolverGroup}, a redirect fails
 * the call instead of being followed, a silent provider is cut off after the idle timeout, and each
 * response is cut off at the turn's deadline and at a size bound ({@link TurnGuardHandler}).
 */
@Component
class ProviderHttp {

  private final ProviderSettings settings;
  private final HostResolver hosts;
  private final OutboundPolicy policy;

  /** Made on the first provider call: building it loads Netty and Reactor, which start-up skips. */
  private volatile @Nullable HttpClient client;

  ProviderHttp(ProviderSettings settings, HostResolver hosts, OutboundPolicy policy) {
    this.settings = settings;
    this.hosts = hosts;
    this.policy = policy;
  }

  private HttpClient client() {
    HttpClient known = client;
    if (known != null) {
      return known;
    }
    synchronized (this) {
      if (client == null) {
        client =
            HttpClient.create()
                .resolver(new GuardedAddressResolverGroup(hosts, policy))
                .followRedirect(false)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .responseTimeout(settings.idleTimeout());
      }
      return java.util.Objects.requireNonNull(client);
    }
  }

  /**
   * A client for one plain call that must end by {@code deadlineNanos} ({@link System#nanoTime()}).
   */
  RestClient.Builder rest(long deadlineNanos) {
    ReactorClientHttpRequestFactory factory =
        new ReactorClientHttpRequestFactory(guarded(deadlineNanos));
    factory.setExchangeTimeout(settings.turnTimeout());
    return RestClient.builder().requestFactory(factory).requestInterceptor(NO_REDIRECTS);
  }

  /** A client for one streamed call that must end by {@code deadlineNanos}. */
  WebClient.Builder web(long deadlineNanos) {
    return WebClient.builder()
        .clientConnector(new ReactorClientHttpConnector(guarded(deadlineNanos)))
        .filter(ExchangeFilterFunction.ofResponseProcessor(ProviderHttp::refuseRedirect));
  }

  /** The shared client, with this turn's deadline and size bound on every response. */
  private HttpClient guarded(long deadlineNanos) {
    long maxBytes = TurnGuardHandler.maxBytes(settings.maxReplyChars());
    return client()
        .doOnResponse(
            (response, connection) ->
                connection.addHandlerLast(
                    TurnGuardHandler.NAME,
                    new TurnGuardHandler(deadlineNanos, maxBytes, settings)));
  }

  /** A redirect is an answer, not an invitation: the turn fails with its status. */
  private static final ClientHttpRequestInterceptor NO_REDIRECTS =
      (request, body, execution) -> {
        ClientHttpResponse response = execution.execute(request, body);
        if (response.getStatusCode().is3xxRedirection()) {
          HttpStatusCode status = response.getStatusCode();
          response.close();
          throw new RestClientResponseException(
              "Redirect not followed", status, "", null, null, null);
        }
        return response;
      };

  private static Mono<ClientResponse> refuseRedirect(ClientResponse response) {
    if (!response.statusCode().is3xxRedirection()) {
      return Mono.just(response);
    }
    return response
        .releaseBody()
        .then(
            Mono.error(
                WebClientResponseException.create(
                    response.statusCode(),
                    "Redirect not followed",
                    HttpHeaders.EMPTY,
                    new byte[0],
                    null,
                    null)));
  }
}
