package io.amplifier.appapi.platform.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.amplifier.appapi.platform.operations.RequestIds;
import io.amplifier.appapi.platform.problems.Problems;
import io.amplifier.appapi.users.api.ApplicationAuthenticator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.spec.SecretKeySpec;
import org.axonframework.queryhandling.QueryGateway;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Spring Security wiring: stateless, no sessions, no login pages; {@link AuthenticationFilter}
 * decides who the caller is (or answers 401) and controllers enforce ownership and admin rights.
 * JWTs are verified by Spring Security's Nimbus decoder: HS256 with {@code SECRET_KEY}, or RS256
 * from the JWKS at {@code JWT_PUBLIC_KEY_URL} (algorithm pinned either way); {@code exp} required
 * and checked, {@code iss}/{@code aud} when set (always with a JWKS).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

  /**
   * Spring MVC's {@code HandlerMappingIntrospector}, which Spring Security uses for MVC request
   * matchers and CORS, neither of which this service configures. While the bean exists, Spring
   * Security wraps its chain in a filter that looks up every request's handler once more before the
   * dispatcher does (about an eighth of a request's CPU in a profile of {@code GET /health}).
   */
  private static final String HANDLER_MAPPING_INTROSPECTOR = "mvcHandlerMappingIntrospector";

  /** Drops the introspector's bean before Spring Security's post-processor would wrap the chain. */
  @Bean
  static BeanDefinitionRegistryPostProcessor withoutHandlerMappingIntrospector() {
    return new WithoutHandlerMappingIntrospector();
  }

  private static final class WithoutHandlerMappingIntrospector
      implements BeanDefinitionRegistryPostProcessor, Ordered {

    @Override
    public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
      if (registry.containsBeanDefinition(HANDLER_MAPPING_INTROSPECTOR)) {
        registry.removeBeanDefinition(HANDLER_MAPPING_INTROSPECTOR);
      }
    }

    @Override
    public int getOrder() {
      return Ordered.HIGHEST_PRECEDENCE;
    }
  }

  @Bean
  AuthSettings authSettings(Environment env) {
    return AuthSettings.from(env);
  }

  /**
   * Dev mode listens on loopback only unless {@code SERVICE_HOST} says otherwise (checked at
   * start).
   */
  @Bean
  org.springframework.boot.web.server.WebServerFactoryCustomizer<
          org.springframework.boot.web.server.ConfigurableWebServerFactory>
      bindAddressCustomizer(AuthSettings settings) {
    return factory -> {
      String host = settings.bindAddress();
      if (host != null) {
        try {
          factory.setAddress(java.net.InetAddress.getByName(host));
        } catch (java.net.UnknownHostException e) {
          throw new IllegalStateException(
              "SERVICE_HOST '" + host + "' is not an address of this machine", e);
        }
      }
    };
  }

  @Bean
  JwtDecoder amplifierJwtDecoder(AuthSettings settings) {
    NimbusJwtDecoder decoder =
        settings.jwksUrl() != null
            ? NimbusJwtDecoder.withJwkSetUri(settings.jwksUrl())
                .jwsAlgorithm(SignatureAlgorithm.RS256)
                .restOperations(jwksClient())
                .build()
            : NimbusJwtDecoder.withSecretKey(
                    new SecretKeySpec(
                        padded(settings.secretKey()).getBytes(StandardCharsets.UTF_8),
                        "HmacSHA256"))
                .macAlgorithm(MacAlgorithm.HS256)
                .build();
    List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
    validators.add(new JwtClaimValidator<Object>("exp", exp -> exp != null));
    validators.add(
        settings.issuer() != null
            ? JwtValidators.createDefaultWithIssuer(settings.issuer())
            : JwtValidators.createDefault());
    if (settings.audience() != null) {
      validators.add(
          new JwtClaimValidator<List<String>>(
              "aud", aud -> aud != null && aud.contains(settings.audience())));
    }
    decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
    return decoder;
  }

  /**
   * The JWKS is fetched with short timeouts (Spring Security caches the key set and refetches it
   * for an unknown key id), so a hanging identity provider costs a request at most ~4 s, then 503.
   */
  private static org.springframework.web.client.RestTemplate jwksClient() {
    org.springframework.http.client.SimpleClientHttpRequestFactory factory =
        new org.springframework.http.client.SimpleClientHttpRequestFactory();
    factory.setConnectTimeout(java.time.Duration.ofSeconds(2));
    factory.setReadTimeout(java.time.Duration.ofSeconds(2));
    return new org.springframework.web.client.RestTemplate(factory);
  }

  /** In dev mode the key only has to satisfy Nimbus' minimum length; it guards nothing. */
  private static String padded(String secret) {
    StringBuilder key = new StringBuilder(secret);
    while (key.toString().getBytes(StandardCharsets.UTF_8).length < 32) {
      key.append('-');
    }
    return key.toString();
  }

  /**
   * What Spring Security's firewall refuses (a header with non-ASCII characters, an unknown method
   * such as {@code PROPFIND}, an encoded slash) is a 400 problem like every other refusal, not a
   * 500 or an empty body.
   */
  @Bean
  RequestRejectedHandler requestRejectedHandler() {
    return (request, response, rejected) -> {
      if (response.isCommitted()) {
        return;
      }
      response.reset();
      ProblemDetail problem =
          ProblemDetail.forStatusAndDetail(
              HttpStatus.BAD_REQUEST,
              "The request was refused: " + firewallReason(rejected.getMessage()));
      Problems.complete(
          problem, HttpStatus.BAD_REQUEST, request.getAttribute(RequestIds.ATTRIBUTE));
      Problems.write(response, problem);
    };
  }

  /**
   * Spring Security's strict firewall with its default rules, but header and parameter text checked
   * by a loop instead of its regular expression ({@code [\p{IsAssigned}&&[^\p{IsControl}]]*}): the
   * firewall checks every header each time anything reads the headers, which was about 7 % of a
   * create's CPU with the expression.
   */
  @Bean
  HttpFirewall httpFirewall() {
    StrictHttpFirewall firewall = new StrictHttpFirewall();
    firewall.setAllowedHeaderNames(SecurityConfiguration::assignedAndNotControl);
    firewall.setAllowedHeaderValues(SecurityConfiguration::assignedAndNotControl);
    firewall.setAllowedParameterNames(SecurityConfiguration::assignedAndNotControl);
    firewall.setAllowedParameterValues(SecurityConfiguration::assignedAndNotControl);
    return firewall;
  }

  /** Every code point assigned in Unicode and none a control character: the firewall's default. */
  static boolean assignedAndNotControl(@Nullable String text) {
    if (text == null) {
      return true;
    }
    for (int i = 0; i < text.length(); ) {
      char c = text.charAt(i);
      if (c >= 0x20 && c < 0x7f) {
        i++;
        continue;
      }
      int codePoint = text.codePointAt(i);
      if (!Character.isDefined(codePoint) || Character.isISOControl(codePoint)) {
        return false;
      }
      i += Character.charCount(codePoint);
    }
    return true;
  }

  /** The firewall's reason without the value it refused (which may be anything). */
  private static String firewallReason(@Nullable String message) {
    if (message == null) {
      return "not a request this service accepts";
    }
    int quote = message.indexOf('"');
    String reason = quote > 0 ? message.substring(0, quote).trim() : message;
    return reason.length() > 120 ? reason.substring(0, 120) : reason;
  }

  /**
   * No Micrometer observations of Spring Security's filters and authorizations: they cost a
   * noticeable share of every request's CPU and tell nothing the HTTP server's own {@code
   * http.server.requests} observation does not.
   */
  @Bean
  SecurityObservationSettings securityObservationSettings() {
    return SecurityObservationSettings.noObservations();
  }

  @Bean
  AuthenticationFilter amplifierAuthenticationFilter(
      AuthSettings settings,
      JwtDecoder amplifierJwtDecoder,
      Environment env,
      ApplicationAuthenticator applications,
      QueryGateway queries,
      ObjectMapper json,
      RateLimits limits) {
    return new AuthenticationFilter(
        settings,
        amplifierJwtDecoder,
        new ApplicationSigningKeys(jwksClient()),
        UserScopes.from(env),
        applications,
        queries,
        json,
        limits);
  }

  /** The filter runs inside Spring Security's chain only, not a second time as a servlet filter. */
  @Bean
  FilterRegistrationBean<AuthenticationFilter> authenticationFilterRegistration(
      AuthenticationFilter filter) {
    FilterRegistrationBean<AuthenticationFilter> registration =
        new FilterRegistrationBean<>(filter);
    registration.setEnabled(false);
    return registration;
  }

  /**
   * Spring Security's chain with only what the service uses: the security context, its hand-over to
   * async work, the response headers and {@link AuthenticationFilter}. Authorization is the
   * modules' (per route and per entity); no anonymous token, no request wrapper for the servlet
   * security API, no authorization filter that would permit every request anyway.
   */
  @Bean
  SecurityFilterChain securityFilterChain(HttpSecurity http, AuthenticationFilter filter)
      throws Exception {
    return http.csrf(AbstractHttpConfigurer::disable)
        .httpBasic(AbstractHttpConfigurer::disable)
        .formLogin(AbstractHttpConfigurer::disable)
        .logout(AbstractHttpConfigurer::disable)
        .requestCache(AbstractHttpConfigurer::disable)
        .anonymous(AbstractHttpConfigurer::disable)
        .servletApi(AbstractHttpConfigurer::disable)
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .addFilterBefore(filter, AnonymousAuthenticationFilter.class)
        .build();
  }
}
