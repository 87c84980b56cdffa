package io.amplifier.appapi.configs.web;

import io.amplifier.appapi.configs.service.KeyRotation;
import io.amplifier.appapi.users.api.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.Map;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /admin/keys/rotate}: after an operator sets a new {@code CONFIG_ENCRYPTION_KEY} and
 * lists the old one in {@code CONFIG_ENCRYPTION_KEY_PREVIOUS}, re-wraps every data key with the new
 * master key ({@link KeyRotation}). No event is rewritten; everything still decrypts.
 */
@RestController
class KeyAdminController {

  private final KeyRotation rotation;

  KeyAdminController(KeyRotation rotation) {
    this.rotation = rotation;
  }

  @Operation(summary = "Re-wrap every config data key under the current master key (admin)")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(responseCode = "403", description = "Caller is not an admin")
  @PostMapping("/admin/keys/rotate")
  Map<String, Object> rotate(Caller caller) {
    return rotation.rotate(caller);
  }
}
