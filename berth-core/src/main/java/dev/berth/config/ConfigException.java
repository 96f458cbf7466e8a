package dev.berth.config;

/** A configuration value is missing or invalid; the message is one line naming the key. */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }
}
