package io.amplifier.appapi.platform.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.amplifier.appapi.users.api.ApplicationView;
import io.amplifier.appapi.users.api.PublicKeys;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.web.client.RestOperations;

/**
 * Token decoders of the applications that registered a signing key of their own: RS256 (or ES256
 * through a JWKS) under that key only, with an {@code exp} required and checked. One decoder per
 * application and key, so a JWKS is cached (by Spring Security) per application; a changed key
 * makes a new decoder.
 */
final class ApplicationSigningKeys {

  private record Key(String appId, String material) {}

  private final RestOperations jwksClient;
  private final Cache<Key, JwtDecoder> decoders =
      Caffeine.newBuilder().maximumSize(1_000).expireAfterAccess(Duration.ofHours(1)).build();

  ApplicationSigningKeys(RestOperations jwksClient) {
    this.jwksClient = jwksClient;
  }

  /** The decoder for {@code app}, which has {@link ApplicationView#ownSigningKey()}. */
  JwtDecoder decoderFor(ApplicationView app) {
    String material = app.jwksUrl() != null ? "jwks:" + app.jwksUrl() : "pem:" + app.publicKey();
    return decoders.get(new Key(app.appId(), material), key -> build(app));
  }

  private JwtDecoder build(ApplicationView app) {
    NimbusJwtDecoder decoder =
        app.jwksUrl() != null
            ? NimbusJwtDecoder.withJwkSetUri(app.jwksUrl())
                .jwsAlgorithms(
                    algorithms -> {
                      algorithms.add(SignatureAlgorithm.RS256);
                      algorithms.add(SignatureAlgorithm.ES256);
                    })
                .restOperations(jwksClient)
                .build()
            : NimbusJwtDecoder.withPublicKey(
                    PublicKeys.rsa(Objects.requireNonNull(app.publicKey())))
                .signatureAlgorithm(SignatureAlgorithm.RS256)
                .build();
    List<OAuth2TokenValidator<Jwt>> validators =
        List.of(
            new JwtClaimValidator<Object>("exp", exp -> exp != null),
            JwtValidators.createDefault());
    decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
    return decoder;
  }
}
