package dev.berth.api.oci;

import dev.berth.common.Json;
import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.http.Exchange;
import dev.berth.model.AccountId;
import dev.berth.model.Descriptor;
import dev.berth.model.Digest;
import dev.berth.model.Page;
import dev.berth.model.ReferrerQuery;
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
  private final RepositoryService repositories;
  private final ManifestService manifests;

  ListingHandler(RepositoryService repositories, ManifestService manifests) {
    this.repositories = repositories;
    this.manifests = manifests;
  }

  /** The account's repositories the caller may see ({@code visible}), in name order. */
  void catalog(Exchange ex, AccountId account, java.util.function.Predicate<Repository> visible) {
    Pagination p = Pagination.of(ex);
    Page<Repository> page = repositories.list(account, p.last(), p.n());
    p.link(ex, "/v2/_catalog", page.next());
    List<String> names = page.items().stream().filter(visible).map(r -> r.name().value()).toList();
    ex.status(200).send("application/json", Json.write(Map.of("repositories", names)));
  }

  void tags(Exchange ex, Repository repo) {
    Pagination p = Pagination.of(ex);
    Page<String> page = manifests.tags(repo, p.last(), p.n());
    p.link(ex, "/v2/" + repo.name().value() + "/tags/list", page.next());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", repo.name().value());
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
        "/v2/" + repo.name().value() + "/referrers/" + subject,
        artifactType.map(t -> Map.of("artifactType", t)).orElse(Map.of()),
        page.next());
    Map<String, Object> index = new LinkedHashMap<>();
    index.put("schemaVersion", 2);
    index.put("mediaType", MediaTypes.OCI_INDEX);
    index.put("manifests", descriptors);
    ex.status(200).send(MediaTypes.OCI_INDEX, Json.write(index));
  }
}
