package dev.berth.authz;

import java.util.List;

/**
 * The answer, with the statements that decided it (e.g. {@code ReadOnly/Statement[0]}) and the
 * reason in AWS's words, which names the kind of policy that denied ({@code with an explicit deny
 * in an identity-based policy}, {@code because no resource-based policy allows ...}); empty when
 * not known.
 */
public record Decision(Decision.Effect effect, List<String> deciding, String reason) {
  /** IAM's three outcomes. */
  public enum Effect {
    ALLOW,
    EXPLICIT_DENY,
    IMPLICIT_DENY
  }

  public Decision {
    deciding = List.copyOf(deciding);
  }

  /** A decision without a stated reason. */
  public Decision(Effect effect, List<String> deciding) {
    this(effect, deciding, "");
  }

  public boolean allowed() {
    return effect == Effect.ALLOW;
  }
}
