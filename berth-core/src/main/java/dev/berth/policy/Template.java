package dev.berth.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A policy string that may hold wildcards and, in 2012-10-17 policies, policy variables: {@code
 * ${aws:username}}, any {@code ${key}} of the request context, {@code ${key, 'default'}}, and the
 * escapes {@code ${*}}, {@code ${?}}, {@code ${$}} for the literal characters. A variable whose key
 * is absent (or has several values) and has no default leaves the template unresolved, and an
 * unresolved template matches nothing, as IAM documents for variables without a value.
 */
final class Template {
  private enum Kind {
    LITERAL,
    STAR,
    ONE,
    VARIABLE
  }

  private record Part(Kind kind, String text, Optional<String> fallback) {}

  private final String raw;
  private final List<Part> parts;

  private Template(String raw, List<Part> parts) {
    this.raw = raw;
    this.parts = List.copyOf(parts);
  }

  String raw() {
    return raw;
  }

  /** Compiles {@code raw}; with {@code variables} false, {@code ${...}} is plain text. */
  static Template compile(String raw, boolean variables) {
    List<Part> parts = new ArrayList<>();
    StringBuilder lit = new StringBuilder();
    int i = 0;
    while (i < raw.length()) {
      char c = raw.charAt(i);
      int close = variables && raw.startsWith("${", i) ? raw.indexOf('}', i + 2) : -1;
      if (close > 0) {
        String inner = raw.substring(i + 2, close);
        if (inner.equals("*") || inner.equals("?") || inner.equals("$")) {
          lit.append(inner);
        } else {
          flush(parts, lit);
          parts.add(variable(inner));
        }
        i = close + 1;
        continue;
      }
      if (c == '*' || c == '?') {
        flush(parts, lit);
        parts.add(new Part(c == '*' ? Kind.STAR : Kind.ONE, "", Optional.empty()));
      } else {
        lit.append(c);
      }
      i++;
    }
    flush(parts, lit);
    return new Template(raw, parts);
  }

  private static Part variable(String inner) {
    int comma = inner.indexOf(',');
    if (comma < 0) {
      return new Part(Kind.VARIABLE, inner.trim(), Optional.empty());
    }
    String fallback = inner.substring(comma + 1).trim();
    if (fallback.length() >= 2 && fallback.startsWith("'") && fallback.endsWith("'")) {
      fallback = fallback.substring(1, fallback.length() - 1);
    }
    return new Part(Kind.VARIABLE, inner.substring(0, comma).trim(), Optional.of(fallback));
  }

  private static void flush(List<Part> parts, StringBuilder lit) {
    if (lit.length() > 0) {
      parts.add(new Part(Kind.LITERAL, lit.toString(), Optional.empty()));
      lit.setLength(0);
    }
  }

  /** Whether the template names a policy variable (other than the escapes). */
  boolean hasVariables() {
    return parts.stream().anyMatch(p -> p.kind() == Kind.VARIABLE);
  }

  /** The text with every {@code ${...}} variable removed, for validation. */
  String withoutVariables() {
    StringBuilder b = new StringBuilder();
    for (Part p : parts) {
      if (p.kind() == Kind.LITERAL) {
        b.append(p.text());
      } else if (p.kind() == Kind.STAR) {
        b.append('*');
      } else if (p.kind() == Kind.ONE) {
        b.append('?');
      }
    }
    return b.toString();
  }

  /** A {@link Glob} pattern: wildcards stay wildcards, everything else is escaped. */
  Optional<String> pattern(RequestContext ctx) {
    return render(ctx, true);
  }

  /** Plain text for exact comparison: wildcards are literal characters. */
  Optional<String> text(RequestContext ctx) {
    return render(ctx, false);
  }

  private Optional<String> render(RequestContext ctx, boolean glob) {
    StringBuilder b = new StringBuilder();
    for (Part p : parts) {
      switch (p.kind()) {
        case LITERAL -> b.append(glob ? Glob.escape(p.text()) : p.text());
        case STAR -> b.append('*');
        case ONE -> b.append('?');
        case VARIABLE -> {
          Optional<String> value = resolve(p, ctx);
          if (value.isEmpty()) {
            return Optional.empty();
          }
          b.append(glob ? Glob.escape(value.get()) : value.get());
        }
      }
    }
    return Optional.of(b.toString());
  }

  private static Optional<String> resolve(Part p, RequestContext ctx) {
    List<String> values = ctx.values(p.text());
    if (values.size() == 1) {
      return Optional.of(values.get(0));
    }
    return p.fallback();
  }

  @Override
  public String toString() {
    return raw;
  }
}
