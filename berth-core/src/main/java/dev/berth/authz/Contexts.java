package dev.berth.authz;

import dev.berth.auth.Principal;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The global condition keys of a request, and the resource and request tag keys. */
public final class Contexts {
  private Contexts() {}

  /** aws:SourceIp, aws:CurrentTime, aws:SecureTransport and the aws:Principal* keys. */
  public static Map<String, List<String>> base(
      Principal p, String sourceIp, boolean secure, Instant now) {
    Map<String, List<String>> c = new LinkedHashMap<>();
    c.put("aws:SourceIp", List.of(sourceIp));
    c.put(
        "aws:CurrentTime",
        List.of(DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS))));
    c.put("aws:EpochTime", List.of(Long.toString(now.getEpochSecond())));
    c.put("aws:SecureTransport", List.of(Boolean.toString(secure)));
    c.put(
        "aws:PrincipalArn",
        List.of(p.type() == Principal.Type.ASSUMED_ROLE ? p.sourceArn() : p.arn()));
    c.put("aws:PrincipalAccount", List.of(p.account().value()));
    c.put(
        "aws:PrincipalType",
        List.of(
            switch (p.type()) {
              case ROOT -> "Account";
              case USER -> "User";
              case ASSUMED_ROLE -> "AssumedRole";
            }));
    if (p.type() == Principal.Type.USER) {
      c.put("aws:username", List.of(p.name()));
    }
    c.put(
        "aws:userid",
        List.of(p.type() == Principal.Type.ROOT ? p.account().value() : p.accessKeyId()));
    return c;
  }

  /** Adds {@code aws:ResourceTag/k} and {@code ecr:ResourceTag/k} for each tag of the resource. */
  public static Map<String, List<String>> withResourceTags(
      Map<String, List<String>> c, Map<String, String> tags) {
    Map<String, List<String>> out = new LinkedHashMap<>(c);
    tags.forEach(
        (k, v) -> {
          out.put("aws:ResourceTag/" + k, List.of(v));
          out.put("ecr:ResourceTag/" + k, List.of(v));
        });
    return out;
  }

  /** Adds {@code aws:RequestTag/k} and {@code aws:TagKeys} for tags a request sets. */
  public static Map<String, List<String>> withRequestTags(
      Map<String, List<String>> c, Map<String, String> tags) {
    Map<String, List<String>> out = new LinkedHashMap<>(c);
    tags.forEach((k, v) -> out.put("aws:RequestTag/" + k, List.of(v)));
    out.put("aws:TagKeys", List.copyOf(tags.keySet()));
    return out;
  }
}
