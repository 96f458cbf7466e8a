package dev.berth.api.oci;

import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.http.Exchange;
import dev.berth.model.Digest;
import dev.berth.model.ManifestRecord;
import dev.berth.model.Reference;
import dev.berth.model.Repository;
import dev.berth.oci.MediaTypes;
import dev.berth.registry.ManifestService;
import dev.berth.registry.PutManifestResult;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code /v2/<name>/manifests/<reference>}: GET, HEAD, PUT, DELETE. */
final class ManifestHandler {
  private final ManifestService manifests;

  ManifestHandler(ManifestService manifests) {
    this.manifests = manifests;
  }

  /**
   * Serves the request; {@code puller} is the ARN a pull is recorded for, {@code upstream} the
   * manifest to answer a pull with when the repository lacks it (an upstream's, being stored).
   */
  void handle(
      Exchange ex,
      Repository repo,
      String referenceText,
      String puller,
      Optional<UpstreamContent.Manifest> upstream) {
    switch (ex.method()) {
      case "GET", "HEAD" -> {
        Reference reference = readReference(referenceText);
        if (upstream.isPresent()) {
          UpstreamContent.Manifest m = upstream.get();
          requireAccepted(ex, m.mediaType());
          send(ex, m.mediaType(), m.digest(), m.content());
        } else {
          get(ex, repo, reference, puller);
        }
      }
      case "PUT" -> put(ex, repo, reference(referenceText));
      default -> delete(ex, repo, reference(referenceText));
    }
  }

  /**
   * The reference of a pull. A malformed tag names no manifest, so it is answered like a missing
   * one (404 {@code MANIFEST_UNKNOWN}, as clients and conformance tools expect); a malformed digest
   * stays {@code DIGEST_INVALID} (issue 9, item 15).
   */
  private static Reference readReference(String text) {
    if (Reference.parse(text).isEmpty() && !text.contains(":")) {
      throw new RegistryException(
          ErrorKind.MANIFEST_UNKNOWN, "manifest unknown to registry", Map.of("reference", text));
    }
    return reference(text);
  }

  static Reference reference(String text) {
    return Reference.parse(text)
        .orElseThrow(
            () ->
                text.contains(":")
                    ? new RegistryException(ErrorKind.DIGEST_INVALID, "invalid digest: " + text)
                    : new RegistryException(ErrorKind.TAG_INVALID, "invalid tag: " + text));
  }

  private void get(Exchange ex, Repository repo, Reference reference, String puller) {
    ManifestRecord m = manifests.get(repo, reference);
    requireAccepted(ex, m.mediaType());
    if ("GET".equals(ex.method())) {
      manifests.recordPull(repo, m, puller);
    }
    send(ex, m.mediaType(), m.digest(), m.content());
  }

  private static void send(Exchange ex, String mediaType, Digest digest, byte[] content) {
    ex.header("Docker-Content-Digest", digest.toString())
        .header("ETag", "\"" + digest + "\"")
        .status(200)
        .send(mediaType, content);
  }

  private static void requireAccepted(Exchange ex, String mediaType) {
    if (!accepts(ex.headerValues("Accept"), mediaType)) {
      throw new RegistryException(
          ErrorKind.MANIFEST_UNKNOWN,
          "manifest is of media type " + mediaType + ", which the request does not accept",
          Map.of("mediaType", mediaType));
    }
  }

  /** No Accept header, a wildcard, or the exact media type all accept. */
  static boolean accepts(List<String> accept, String mediaType) {
    if (accept.isEmpty()) {
      return true;
    }
    for (String value : accept) {
      String base = MediaTypes.base(value);
      if (base.equals(mediaType) || "*/*".equals(base) || "application/*".equals(base)) {
        return true;
      }
    }
    return false;
  }

  private void put(Exchange ex, Repository repo, Reference reference) {
    if (ex.contentLength() > ManifestService.MAX_MANIFEST_BYTES) {
      throw tooLarge(ex.contentLength());
    }
    byte[] body = ex.readBody(ManifestService.MAX_MANIFEST_BYTES);
    if (body.length > ManifestService.MAX_MANIFEST_BYTES) {
      throw tooLarge(body.length);
    }
    PutManifestResult result =
        manifests.put(repo, reference, ex.header("Content-Type").orElse(""), body);
    Digest digest = result.digest();
    ex.header("Location", "/v2/" + OciPath.urlName(ex, repo) + "/manifests/" + digest)
        .header("Docker-Content-Digest", digest.toString());
    result.subject().ifPresent(s -> ex.header("OCI-Subject", s.toString()));
    ex.status(201).send();
  }

  private static RegistryException tooLarge(long size) {
    return new RegistryException(
        ErrorKind.MANIFEST_TOO_LARGE,
        "manifest exceeds the " + ManifestService.MAX_MANIFEST_BYTES + " byte limit",
        Map.of("size", size, "limit", ManifestService.MAX_MANIFEST_BYTES));
  }

  private void delete(Exchange ex, Repository repo, Reference reference) {
    manifests.delete(repo, reference);
    ex.status(202).send();
  }
}
