package dev.berth.policy;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A validated policy document. Parse it when it is written (so bad documents are refused with a
 * {@code MALFORMED_POLICY} error and a message saying what is wrong) and keep the original text:
 * {@code Get...Policy} operations return the text as it was written.
 *
 * <p>Without a {@code Version} element a policy has 2008-10-17 semantics: {@code ${...}} is plain
 * text, not a policy variable.
 */
public final class Policy {
  public static final String VERSION_2012 = "2012-10-17";
  public static final String VERSION_2008 = "2008-10-17";

  private final String text;
  private final PolicyKind kind;
  private final String version;
  private final List<Statement> statements;

  Policy(String text, PolicyKind kind, String version, List<Statement> statements) {
    this.text = text;
    this.kind = kind;
    this.version = version;
    this.statements = List.copyOf(statements);
  }

  /**
   * Parses and validates a policy document.
   *
   * @throws dev.berth.error.RegistryException of kind {@code MALFORMED_POLICY} when the text is not
   *     a valid policy of that kind or is larger than {@code limit}
   */
  public static Policy parse(String text, PolicyKind kind, SizeLimit limit) {
    return PolicyParser.parse(text, kind, limit, true);
  }

  /**
   * Parses a document that is already stored, for evaluation: no size limit and no check of
   * condition values against their operators' types, so a document stored before that check existed
   * still evaluates as it did (an operator can remove it with {@code berth admin}).
   */
  public static Policy parseStored(String text, PolicyKind kind) {
    return PolicyParser.parse(text, kind, new SizeLimit(Integer.MAX_VALUE, true), false);
  }

  /**
   * Refuses duplicate statement ids, as IAM does for its own policies (ECR accepts duplicates in
   * repository and registry policies).
   */
  public void requireUniqueSids() {
    java.util.Set<String> sids = new java.util.HashSet<>();
    for (Statement s : statements) {
      if (!s.sid().isEmpty() && !sids.add(s.sid())) {
        throw Malformed.of("Statement IDs (SID) in a single policy must be unique.");
      }
    }
  }

  /** An identity-based policy within IAM's managed-policy quota. */
  public static Policy parseIdentity(String text) {
    return parse(text, PolicyKind.IDENTITY, SizeLimit.MANAGED_POLICY);
  }

  /** A resource-based policy within ECR's {@code policyText} limit. */
  public static Policy parseResource(String text) {
    return parse(text, PolicyKind.RESOURCE, SizeLimit.ECR_POLICY);
  }

  /** The document exactly as written. */
  public String text() {
    return text;
  }

  public PolicyKind kind() {
    return kind;
  }

  /** {@code 2012-10-17} or {@code 2008-10-17} (also when the document has no Version). */
  public String version() {
    return version;
  }

  public int statementCount() {
    return statements.size();
  }

  /**
   * The AWS principals the document names, as canonical ARNs (an account id becomes {@code
   * arn:aws:iam::<id>:root}), so the caller can refuse principals that do not exist, as IAM does.
   */
  public Set<String> principalArns() {
    Set<String> out = new LinkedHashSet<>();
    for (Statement s : statements) {
      out.addAll(s.principal().awsPrincipals());
    }
    return out;
  }

  List<Statement> statements() {
    return statements;
  }

  @Override
  public String toString() {
    return text;
  }
}
