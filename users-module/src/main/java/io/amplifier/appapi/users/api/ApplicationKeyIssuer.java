package io.amplifier.appapi.users.api;

/** Makes new application API keys; the clear key leaves only in the one response that shows it. */
public interface ApplicationKeyIssuer {

  /** A fresh key, its lookup prefix and its one-way hash. */
  record IssuedKey(String key, String prefix, String hash) {
    @Override
    public String toString() {
      return "IssuedKey[prefix=" + prefix + "]";
    }
  }

  IssuedKey issue();
}
