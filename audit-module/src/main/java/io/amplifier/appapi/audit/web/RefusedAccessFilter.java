package io.amplifier.appapi.audit.web;

import io.amplifier.appapi.audit.query.EntityKind;
import io.amplifier.appapi.users.api.Caller;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * After a 404 on an entity route ({@code /configs/{id}…}, {@code /sessions/{id}…}, {@code
 * /api/recipes/{id}…}, {@code /applications/{id}…}), records in the audit log that the caller was
 * refused, when the entity does exist. The caller still sees only the 404.
 */
@Component
class RefusedAccessFilter extends OncePerRequestFilter {

  private static final Logger log = LoggerFactory.getLogger(RefusedAccessFilter.class);
  private static final Pattern ENTITY_ROUTE =
      Pattern.compile("^/(configs|sessions|api/recipes|applications)/([^/]+)(/.*)?$");
  private static final String CALLER = Caller.class.getName();

  private final AccessAudit audit;

  RefusedAccessFilter(AccessAudit audit) {
    this.audit = audit;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    chain.doFilter(request, response);
    if (response.getStatus() != HttpServletResponse.SC_NOT_FOUND
        || !(request.getAttribute(CALLER) instanceof Caller caller)) {
      return;
    }
    Matcher route = ENTITY_ROUTE.matcher(request.getRequestURI());
    if (!route.matches()) {
      return;
    }
    EntityKind kind =
        switch (route.group(1)) {
          case "configs" -> EntityKind.CONFIG;
          case "sessions" -> EntityKind.SESSION;
          case "api/recipes" -> EntityKind.RECIPE;
          default -> EntityKind.APPLICATION;
        };
    try {
      audit.refusedIfExists(kind, route.group(2), caller);
    } catch (RuntimeException e) {
      log.warn("Could not record a refused access: {}", e.toString());
    }
  }
}
