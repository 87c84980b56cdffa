package io.amplifier.appapi.sessions.outbound;

import io.amplifier.appapi.ApiTest;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * The service in dev mode with a test allow-list (one test variable bound to {@code 127.0.0.1}, the
 * OpenAI and Anthropic keys bound to their official hosts by default and holding a canary, and a
 * service setting listed by mistake), a short turn deadline, a small reply cap and {@link FakeDns}
 * as host resolver.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ApiTest
@Import(FakeDns.class)
@TestPropertySource(
    properties = {
      "PROVIDER_ENV_ALLOWLIST="
          + OutboundTest.VARIABLE
          + "@127.0.0.1,OPENAI_API_KEY,ANTHROPIC_API_KEY,CONFIG_ENCRYPTION_KEY,SECRET_KEY",
      OutboundTest.VARIABLE + "=" + OutboundTest.VALUE,
      "OPENAI_API_KEY=" + OutboundTest.CANARY,
      "ANTHROPIC_API_KEY=" + OutboundTest.CANARY,
      "PROVIDER_TURN_TIMEOUT=PT4S",
      "PROVIDER_MAX_REPLY_CHARS=200"
    })
public @interface OutboundTest {
  /** The one variable configs may reference here. */
  String VARIABLE = "AMPLIFIER_TEST_PROVIDER_KEY";

  /** Its value, which must reach the provider and nothing else. */
  String VALUE = "skAllowedTestValue7f3a9c1e5b";

  /** The operator's OpenAI and Anthropic keys here, which must never reach a loopback stub. */
  String CANARY = "skOperatorCanary0c4e8a2d96";
}
