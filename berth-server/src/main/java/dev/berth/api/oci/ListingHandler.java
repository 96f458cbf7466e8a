package dev.berth.api.oci;

import dev.berth.auth.PageTokens;
import dev.berth.auth.Principal;
import dev.berth.common.Json;
import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.http.Exchange;
import dev.berth.model.Descriptor;
import dev.berth.model.Digest;
import dev.berth.model.Page;
import dev.berth.model.ReferrerQuery;
import dev.berth.model.RegistryId;
import dev.berth.model.Repository;
import dev.berth.oci.MediaTypes;
import dev.berth.registry.ManifestService;
import dev.berth.registry.RepositoryService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Tags list, catalog and referrers. */
final class ListingHandler {
  /** Marks a sealed catalog position in {@code last}; no repository name starts with it. */
  static final String TOKEN_PREFIX = "~";

  private final RepositoryService repositories;
  private final ManifestService manifests;
  private final PageTokens pages;

  ListingHandler(RepositoryService repositories, ManifestService manifests, PageTokens pages) {
    this.repositories = repositories;
    this.manifests = manifests;
    this.pages = pages;
  }

  /**
   * The account's repositories the caller may see ({@code visible}), in name order. The {@code
   * Link} to the next page carries the position sealed to the caller and account (the last name of
   * a page may be one the caller may not see); {@code last} may also be a plain name, as the spec
   * allows, which reveals nothing the caller did not send (issue 9, item 3).
   */
  void catalog(
      Exchange ex,
      RegistryId registry,
      Principal principal,
      java.util.function.Predicate<Repository> visible) {
    Pagination p = Pagination.of(ex);
    String binding = "oci\ncatalog\n" + principal.arn() + "\n" + registry;
    Optional<String> after = p.last().map(last -> position(binding, last));
    Page<Repository> page = repositories.list(registry, after, p.n());
    p.link(ex, "/v2/_catalog", page.next().map(k -> TOKEN_PREFIX + pages.seal(binding, k)));
    List<String> names = page.items().stream().filter(visible).map(r -> r.name().value()).toList();
    ex.status(200).send("application/json", Json.write(Map.of("repositories", names)));
  }

  private String position(String binding, String last) {
    if (!last.startsWith(TOKEN_PREFIX)) {
      return last;
    }
    return pages
        .open(binding, last.substring(TOKEN_PREFIX.length()))
        .orElseThrow(
            () ->
                new RegistryException(
                    ErrorKind.PAGINATION_INVALID,
                    "invalid pagination token: 'last' must come from a previous catalog response"));
  }

  void tags(Exchange ex, Repository repo) {
    Pagination p = Pagination.of(ex);
    Page<String> page = manifests.tags(repo, p.last(), p.n());
    p.link(ex, "/v2/" + OciPath.urlName(ex, repo) + "/tags/list", page.next());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", OciPath.urlName(ex, repo));
    body.put("tags", page.items());
    ex.status(200).send("application/json", Json.write(body));
  }

  /**
   * The referrers index of a subject, one page at a time: at most {@code n} descriptors (default
   * and cap {@link Pagination#MAX}) and about {@link
   * ManifestService#REFERRER_PAGE_ANNOTATION_BYTES} of annotations, with a {@code Link} to the next
   * page that keeps the {@code artifactType} filter, as the distribution spec allows.
   */
  void referrers(Exchange ex, Repository repo, String digestText) {
    Digest subject =
        Digest.parse(digestText)
            .orElseThrow(
                () ->
                    new RegistryException(
                        ErrorKind.DIGEST_INVALID, "invalid digest: " + digestText));
    Optional<String> artifactType = ex.query("artifactType").filter(s -> !s.isEmpty());
    Pagination p = Pagination.of(ex);
    Page<Descriptor> page =
        manifests.referrers(
            repo,
            subject,
            new ReferrerQuery(
                artifactType, p.last(), p.n(), ManifestService.REFERRER_PAGE_ANNOTATION_BYTES));
    List<Map<String, Object>> descriptors = new ArrayList<>();
    for (Descriptor d : page.items()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("mediaType", d.mediaType());
      m.put("digest", d.digest().toString());
      m.put("size", d.size());
      d.artifactType().ifPresent(t -> m.put("artifactType", t));
      if (!d.annotations().isEmpty()) {
        m.put("annotations", d.annotations());
      }
      descriptors.add(m);
    }
    if (artifactType.isPresent()) {
      ex.header("OCI-Filters-Applied", "artifactType");
    }
    p.link(
        ex,
        "/v2/" + OciPath.urlName(ex, repo) + "/referrers/" + subject,
        artifactType.map(t -> Map.of("artifactType", t)).orElse(Map.of()),
        page.next());
    Map<String, Object> index = new LinkedHashMap<>();
    index.put("schemaVersion", 2);
    index.put("mediaType", MediaTypes.OCI_INDEX);
    index.put("manifests", descriptors);
    ex.status(200).send(MediaTypes.OCI_INDEX, Json.write(index));
  }
}
