package dev.berth.authz;

/** A policy attached to or inlined in an identity, by a name for reporting. */
public record IdentityPolicy(String name, String document) {}
