package io.amplifier.appapi.sessions.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.amplifier.appapi.sessions.api.HostResolver;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/**
 * The outbound policy's address rules, {@code PROVIDER_ALLOWED_HOSTS} and the connect-time
 * resolver, without any network: names resolve through a table, the database is a literal.
 */
class OutboundPolicyTest {

  private final HikariDataSource database = new HikariDataSource();
  private final List<String> lookups = new ArrayList<>();

  @AfterEach
  void close() {
    database.close();
  }

  private OutboundPolicy policy(String... properties) {
    MockEnvironment env = new MockEnvironment();
    for (String property : properties) {
      String[] pair = property.split("=", 2);
      env.setProperty(pair[0], pair[1]);
    }
    database.setJdbcUrl("jdbc:postgresql://10.9.8.7:6543/amplifier");
    return new OutboundPolicy(ProviderSettings.from(env, Duration.ofSeconds(5)), database);
  }

  private static InetAddress ip(String literal) {
    return OutboundPolicy.literal(literal);
  }

  @Test
  void shouldRefuseEveryNonPublicRangeAndAcceptPublicAddresses() {
    OutboundPolicy policy = policy("AUTH_REQUIRED=true");
    for (String refused :
        List.of(
            "127.0.0.1",
            "::1",
            "0.0.0.0",
            "::",
            "169.254.169.254",
            "fe80::1",
            "10.0.0.5",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.0.1",
            "100.64.0.1",
            "100.127.255.255",
            "fc00::1",
            "fd12::1",
            "224.0.0.1",
            "ff02::1",
            "255.255.255.255",
            "64:ff9b::a00:5",
            "::a00:5")) {
      assertThat(policy.addressRefusal("h", ip(refused), 443)).as(refused).isPresent();
    }
    for (String accepted :
        List.of("8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700::1111", "1.1.1.1")) {
      assertThat(policy.addressRefusal("h", ip(accepted), 443)).as(accepted).isEmpty();
    }
  }

  @Test
  void shouldAllowLoopbackOnlyInDevModeAndNeverTheDatabase() {
    assertThat(policy("AUTH_REQUIRED=false").addressRefusal("localhost", ip("127.0.0.1"), 11434))
        .isEmpty();
    assertThat(policy("AUTH_REQUIRED=true").addressRefusal("localhost", ip("127.0.0.1"), 11434))
        .contains("a loopback address");
    assertThat(policy().addressRefusal("db", ip("10.9.8.7"), 6543))
        .contains("this service's database");
    assertThat(policy().addressRefusal("db", ip("10.9.8.7"), 80))
        .contains("this service's database");
  }

  @Test
  void shouldLiftTheRulesForAllowedHostsPortsAndNetworks() {
    OutboundPolicy policy =
        policy(
            "AUTH_REQUIRED=true",
            "PROVIDER_ALLOWED_HOSTS=models.internal, 10.20.0.0/16 ,gpu.internal:8000,[fd00::7]:443,127.0.0.1:11434");
    assertThat(policy.addressRefusal("models.internal", ip("10.0.0.5"), 443)).isEmpty();
    assertThat(policy.addressRefusal("other.internal", ip("10.20.3.4"), 80)).isEmpty();
    assertThat(policy.addressRefusal("other.internal", ip("10.21.3.4"), 80)).isPresent();
    assertThat(policy.addressRefusal("gpu.internal", ip("192.168.1.2"), 8000)).isEmpty();
    assertThat(policy.addressRefusal("gpu.internal", ip("192.168.1.2"), 8001)).isPresent();
    assertThat(policy.addressRefusal("v6", ip("fd00::7"), 443)).isEmpty();
    assertThat(policy.addressRefusal("localhost", ip("127.0.0.1"), 11434)).isEmpty();
    assertThat(policy.addressRefusal("localhost", ip("127.0.0.1"), 11435)).isPresent();
  }

  @Test
  void shouldRefuseReservedRangesFromTheUrlAloneAndTheirNeighboursNot() {
    OutboundPolicy policy = policy("AUTH_REQUIRED=true");
    for (String url :
        List.of(
            "http://192.0.0.8/",
            "http://198.18.0.1/",
            "http://198.19.255.254/",
            "http://240.0.0.1/",
            "http://254.1.2.3/",
            "http://168.63.129.16/",
            "http://[64:ff9b:1::a00:5]/")) {
      assertThat(policy.urlRefusal(url))
          .as(url)
          .hasValueSatisfying(reason -> assertThat(reason).contains("reserved address"));
    }
    for (String url : List.of("http://192.0.1.8/", "http://198.20.0.1/", "http://168.63.129.17/")) {
      assertThat(policy.urlRefusal(url)).as(url).isEmpty();
    }
  }

  @Test
  void shouldDecideFromTheUrlAloneWithoutLookups() {
    OutboundPolicy policy = policy("AUTH_REQUIRED=true");
    assertThat(policy.urlRefusal("https://api.openai.com/v1")).isEmpty();
    assertThat(policy.urlRefusal("http://localhost:11434")).contains("a loopback address");
    assertThat(policy.urlRefusal("http://LOCALHOST.:11434")).contains("a loopback address");
    assertThat(policy.urlRefusal("http://models.localhost/")).contains("a loopback address");
    assertThat(policy.urlRefusal("http://[::ffff:169.254.169.254]/"))
        .contains("a link-local address");
    assertThat(policy.urlRefusal("http://017700000001/"))
        .contains("must name a host or a dotted IP address");
    assertThat(policy.urlRefusal("javascript:alert(1)")).contains("must be an http or https URL");
    assertThat(policy.urlRefusal("https://key@api.openai.com/"))
        .contains("must not carry credentials in the URL");
    assertThat(policy.urlRefusal("http://user:pw@my_model:8000/"))
        .contains("must not carry credentials in the URL");
    assertThat(policy.urlRefusal("http://my_model:8000/v1")).isEmpty();
    assertThat(policy.urlRefusal("http://my_model.localhost:8000/v1"))
        .contains("a loopback address");
  }

  @Test
  void shouldCheckEveryResolvedAddressBeforeConnecting() throws Exception {
    HostResolver table =
        host -> {
          lookups.add(host);
          return switch (host) {
            case "mixed.test" -> List.of(ip("8.8.8.8"), ip("10.0.0.5"));
            case "public.test" -> List.of(ip("8.8.8.8"), ip("2606:4700::1111"));
            default -> throw new UnknownHostException(host);
          };
        };
    GuardedAddressResolverGroup resolver =
        new GuardedAddressResolverGroup(table, policy("AUTH_REQUIRED=true"));

    assertThatThrownBy(
            () -> resolver.checked(InetSocketAddress.createUnresolved("mixed.test", 443)))
        .isInstanceOf(OutboundRefusedException.class)
        .hasMessageContaining("a private address");
    assertThatThrownBy(() -> resolver.checked(new InetSocketAddress(ip("169.254.169.254"), 80)))
        .isInstanceOf(OutboundRefusedException.class)
        .hasMessageContaining("a link-local address");
    assertThat(resolver.checked(InetSocketAddress.createUnresolved("public.test", 443))).hasSize(2);
    assertThat(lookups).containsExactly("mixed.test", "public.test");
  }

  @Test
  void shouldLookUpNamesOffTheEventLoopAndGiveUpOnASlowOne() throws Exception {
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    HostResolver slowDns =
        host -> {
          if (host.equals("slow.test")) {
            try {
              release.await(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          return List.of(ip("8.8.8.8"));
        };
    GuardedAddressResolverGroup group =
        new GuardedAddressResolverGroup(slowDns, policy("AUTH_REQUIRED=true"), 2_000);
    io.netty.util.concurrent.DefaultEventExecutor loop =
        new io.netty.util.concurrent.DefaultEventExecutor();
    try {
      var resolver = group.getResolver(loop);
      List<io.netty.util.concurrent.Future<InetSocketAddress>> slow = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        slow.add(resolver.resolve(InetSocketAddress.createUnresolved("slow.test", 443)));
      }
      var fast = resolver.resolve(InetSocketAddress.createUnresolved("fast.test", 443));

      assertThat(fast.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      assertThat(fast.getNow()).isEqualTo(new InetSocketAddress(ip("8.8.8.8"), 443));
      assertThat(slow)
          .as("a fast name answered while slow lookups on the same event loop still wait")
          .noneMatch(io.netty.util.concurrent.Future::isDone);
      for (var lookup : slow) {
        assertThat(lookup.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(lookup.cause())
            .isInstanceOf(OutboundRefusedException.class)
            .hasMessageContaining("did not resolve within 2000 ms");
      }
    } finally {
      release.countDown();
      loop.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
    }
  }

  @Test
  void shouldReadTheTurnLimitsAndNeverAllowServiceSettings() {
    MockEnvironment env =
        new MockEnvironment()
            .withProperty("PROVIDER_TURN_TIMEOUT", "90")
            .withProperty("PROVIDER_MAX_REPLY_CHARS", "5000")
            .withProperty(
                "PROVIDER_ENV_ALLOWLIST",
                "MY_KEY, SECRET_KEY,CONFIG_ENCRYPTION_KEY_PREVIOUS,db_password,bad-name")
            .withProperty("MY_KEY", "value-1")
            .withProperty("SECRET_KEY", "never");
    ProviderSettings settings = ProviderSettings.from(env, Duration.ofSeconds(5));

    assertThat(settings.turnTimeout()).isEqualTo(Duration.ofSeconds(90));
    assertThat(settings.maxReplyChars()).isEqualTo(5000);
    assertThat(settings.envAllowList()).containsExactly("MY_KEY");
    assertThat(settings.variables()).containsOnlyKeys("MY_KEY");
    assertThat(settings.toString()).doesNotContain("value-1");
    assertThat(ProviderSettings.from(new MockEnvironment(), Duration.ofSeconds(5)).turnTimeout())
        .isEqualTo(Duration.ofMinutes(10));
  }
}
