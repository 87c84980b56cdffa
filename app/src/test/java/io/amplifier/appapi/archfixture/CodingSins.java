package io.amplifier.appapi.archfixture;

import org.springframework.beans.factory.annotation.Autowired;

/** Deliberately bad: each member breaks one general coding rule. */
public class CodingSins {

  private static final java.util.logging.Logger JUL = java.util.logging.Logger.getLogger("x");

  @Autowired public Object injectedField;

  public void throwGeneric() {
    throw new RuntimeException("generic");
  }

  public void useJavaUtilLogging() {
    JUL.info("jul");
  }

  public void printToStandardOut() {
    System.out.println("stdout");
  }
}
