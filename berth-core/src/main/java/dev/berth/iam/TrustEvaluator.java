package dev.berth.iam;

import dev.berth.auth.Principal;
import dev.berth.meta.IamEntity;

/** Decides whether a principal may assume a role (its trust policy and, if needed, its own). */
@FunctionalInterface
public interface TrustEvaluator {
  boolean mayAssume(Principal caller, IamEntity role);
}
