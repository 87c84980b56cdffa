package io.amplifier.appapi.sessions.runtime;

import io.amplifier.appapi.sessions.api.HostResolver;
import io.netty.channel.ChannelOption;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
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
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * The one HTTP client of provider calls (reactor netty, for plain and streamed calls alike): every
 * connect passes the outbound policy through {@link GuardedAddressResolverGroup}, a redirect fails
 * the call instead of being followed, a request carrying an operator key to a host the key is not
 * bound to is refused before it is sent ({@link #keyRefusal}), a silent provider is cut off after
 * the idle timeout, and each response is cut off at the turn's deadline and at a size bound ({@link
 * TurnGuardHandler}).
 */
@Component
class ProviderHttp {

  static final int MIN_CHECKED_CHARS = 8;

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
    return RestClient.builder()
        .requestFactory(factory)
        .requestInterceptor(NO_REDIRECTS)
        .requestInterceptor(
            (request, body, execution) -> {
              Optional<String> refusal = keyRefusal(request.getURI(), request.getHeaders());
              if (refusal.isPresent()) {
                throw new OutboundRefusedException(refusal.get());
              }
              return execution.execute(request, body);
            });
  }

  /** A client for one streamed call that must end by {@code deadlineNanos}. */
  WebClient.Builder web(long deadlineNanos) {
    return web(() -> deadlineNanos);
  }

  /**
   * A client kept across turns: each response must end by the deadline {@code deadlineNanos}
   * answers when the response starts (the deadline of the turn using the client then).
   */
  WebClient.Builder web(LongSupplier deadlineNanos) {
    return WebClient.builder()
        .clientConnector(new ReactorClientHttpConnector(guarded(deadlineNanos)))
        .filter(ExchangeFilterFunction.ofResponseProcessor(ProviderHttp::refuseRedirect))
        .filter(
            ExchangeFilterFunction.ofRequestProcessor(
                request ->
                    keyRefusal(request.url(), request.headers())
                        .<Mono<ClientRequest>>map(
                            why -> Mono.error(new OutboundRefusedException(why)))
                        .orElseGet(() -> Mono.just(request))));
  }

  /**
   * The last check before a request leaves: why it may not be sent to {@code uri} because its URL
   * or a header carries the value of an allow-listed variable that is not bound to that host (a
   * value shorter than {@value #MIN_CHECKED_CHARS} characters is only checked when it is resolved),
   * or empty.
   */
  Optional<String> keyRefusal(URI uri, HttpHeaders headers) {
    String host = ProviderConfigRules.hostOf(uri);
    String target = uri.toString();
    for (Map.Entry<String, String> variable : settings.variables().entrySet()) {
      String value = variable.getValue();
      if (value.length() < MIN_CHECKED_CHARS
          || (host != null && settings.binds(variable.getKey(), host))) {
        continue;
      }
      boolean carried =
          target.contains(value)
              || headers.values().stream()
                  .flatMap(List::stream)
                  .anyMatch(header -> header != null && header.contains(value));
      if (carried) {
        return Optional.of("a host that ${" + variable.getKey() + "} is not bound to");
      }
    }
    return Optional.empty();
  }

  /** The shared client, with this turn's deadline and size bound on every response. */
  private HttpClient guarded(long deadlineNanos) {
    return guarded(() -> deadlineNanos);
  }

  private HttpClient guarded(LongSupplier deadlineNanos) {
    long maxBytes = TurnGuardHandler.maxBytes(settings.maxReplyChars());
    return client()
        .doOnResponse(
            (response, connection) ->
                connection.addHandlerLast(
                    TurnGuardHandler.NAME,
                    new TurnGuardHandler(deadlineNanos.getAsLong(), maxBytes, settings)));
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
