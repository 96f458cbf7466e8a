package dev.berth.authz;

import java.util.List;

/** The answer, with the statements that decided it (e.g. {@code ReadOnly/Statement[0]}). */
public record Decision(Decision.Effect effect, List<String> deciding) {
  /** IAM's three outcomes. */
  public enum Effect {
    ALLOW,
    EXPLICIT_DENY,
    IMPLICIT_DENY
  }

  public Decision {
    deciding = List.copyOf(deciding);
  }

  public boolean allowed() {
    return effect == Effect.ALLOW;
  }
}
