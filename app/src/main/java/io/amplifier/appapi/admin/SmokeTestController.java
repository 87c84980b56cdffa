package io.amplifier.appapi.admin;

import io.amplifier.appapi.admin.SmokeTests.Report;
import io.amplifier.appapi.users.api.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The smoke-test routes ({@link SmokeTests}). The full run (row counts and positions of every read
 * model, which are everyone's) is for admins; the quick one tells anyone only whether each check
 * passed.
 */
@RestController
class SmokeTestController {

  private final SmokeTests tests;

  SmokeTestController(SmokeTests tests) {
    this.tests = tests;
  }

  @Operation(summary = "Run the quick in-process smoke tests (database, event store)")
  @GetMapping("/smoke-tests/quick")
  Report quick(Caller caller) {
    return tests.run(false, caller.admin());
  }

  @Operation(summary = "Run every in-process smoke test (also each read model; admin)")
  @ApiResponse(responseCode = "200", description = "OK")
  @ApiResponse(responseCode = "403", description = "Caller is not an admin")
  @GetMapping("/smoke-tests")
  Report full(Caller caller) {
    if (!caller.admin()) {
      throw new ForbiddenException("Admin rights required");
    }
    return tests.run(true, true);
  }
}
