package io.amplifier.appapi.platform.operations.archfixture;

import io.amplifier.appapi.platform.web.RequestSizeLimit;

/** Deliberately bad: operations is the bottom room, and the web uses it. */
public class OperationsKnowingTheWeb {
  public RequestSizeLimit limit;
}
