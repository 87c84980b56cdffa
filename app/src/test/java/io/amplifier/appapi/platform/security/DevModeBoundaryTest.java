package io.amplifier.appapi.platform.security;

import static io.amplifier.appapi.configs.ConfigApiTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.amplifier.appapi.ApiTest;
import io.amplifier.appapi.Http;
import io.amplifier.appapi.configs.ConfigApiTest;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Dev mode (every caller trusted) is for one person on one machine: the server listens on 127.0.0.1
 * only, and no web page on another site can make a browser change anything.
 */
@ApiTest
class DevModeBoundaryTest {

  @LocalServerPort int port;

  @Test
  void shouldListenOnLoopbackOnly() throws Exception {
    try (Socket onLoopback = new Socket()) {
      onLoopback.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 2_000);
      assertThat(onLoopback.isConnected()).isTrue();
    }
    // 127.0.0.2 is loopback too, but not the address the server is bound to.
    assertThatThrownBy(
            () -> {
              try (Socket elsewhere = new Socket()) {
                elsewhere.connect(
                    new InetSocketAddress(InetAddress.getByName("127.0.0.2"), port), 2_000);
              }
            })
        .isInstanceOf(ConnectException.class);
  }

  @Test
  void shouldRefuseStateChangesFromAnotherSite() {
    Http http = new Http(port).with("X-User-ID", "browser-user");

    assertProblem(
        http.with("Origin", "https://evil.example").post("/configs", ConfigApiTest.config("csrf")),
        403,
        "/problems/cross-site-request");
    assertProblem(
        http.with("Sec-Fetch-Site", "cross-site").post("/configs", ConfigApiTest.config("csrf")),
        403,
        "/problems/cross-site-request");
    assertProblem(
        http.with("Origin", "null").delete("/configs/00000000-0000-0000-0000-000000000000"),
        403,
        "/problems/cross-site-request");
    assertThat(http.with("Origin", "https://evil.example").get("/configs").status()).isEqualTo(200);
    assertThat(
            http.with("Origin", "http://127.0.0.1:" + port)
                .post("/configs", ConfigApiTest.config("same"))
                .status())
        .isEqualTo(201);
    assertThat(
            http.with("Sec-Fetch-Site", "same-origin")
                .post("/configs", ConfigApiTest.config("same"))
                .status())
        .isEqualTo(201);
    assertThat(http.post("/configs", ConfigApiTest.config("cli")).status()).isEqualTo(201);
  }
}
