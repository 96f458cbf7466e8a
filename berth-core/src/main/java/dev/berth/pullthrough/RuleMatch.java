package dev.berth.pullthrough;

import dev.berth.meta.PullThroughRule;

/** A repository name under a rule, and the upstream repository it caches. */
record RuleMatch(PullThroughRule rule, String upstreamRepository) {
  static RuleMatch of(PullThroughRule rule, String name) {
    String rest =
        PullThroughRules.ROOT.equals(rule.ecrRepositoryPrefix())
            ? name
            : name.substring(rule.ecrRepositoryPrefix().length() + 1);
    String upstream =
        PullThroughRules.ROOT.equals(rule.upstreamRepositoryPrefix())
            ? rest
            : rule.upstreamRepositoryPrefix() + "/" + rest;
    return new RuleMatch(rule, upstream);
  }
}
