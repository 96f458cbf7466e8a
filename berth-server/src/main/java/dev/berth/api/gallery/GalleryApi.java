package dev.berth.api.gallery;

import dev.berth.address.RegistryAddresses;
import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.http.ErrorWriter;
import dev.berth.http.Exchange;
import dev.berth.http.Route;
import dev.berth.meta.GalleryEntry;
import dev.berth.meta.PublicRegistry;
import dev.berth.meta.RepositoryCatalog;
import dev.berth.model.ImageSummary;
import dev.berth.model.RegistryId;
import dev.berth.model.Repository;
import dev.berth.model.RepositoryName;
import dev.berth.publicregistry.Logo;
import dev.berth.publicregistry.PublicRegistries;
import dev.berth.publicregistry.PullCounter;
import dev.berth.publicregistry.TaggedImage;
import dev.berth.registry.RepositoryService;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /gallery}: the search page, {@code /gallery/<alias>/<repository>} a repository's page,
 * {@code /gallery/logo/<alias>/<repository>} its logo. No sign-in; public registries only.
 */
public final class GalleryApi implements Route {
  static final String CSP =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
          + " form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
  private static final int RESULTS = 100;
  private static final int TAGS = 100;

  private final PublicRegistries registries;
  private final PullCounter pulls;
  private final RepositoryService repositories;
  private final String publicHost;
  private final GalleryTemplates templates = new GalleryTemplates();

  public GalleryApi(
      PublicRegistries registries,
      PullCounter pulls,
      RepositoryService repositories,
      String publicHost) {
    this.registries = registries;
    this.pulls = pulls;
    this.repositories = repositories;
    this.publicHost = publicHost;
  }

  /** Failures as a plain page (never a stack trace). */
  public static ErrorWriter errors() {
    return (ex, failure) -> {
      int status =
          failure instanceof RegistryException e
                  && (e.kind() == ErrorKind.NOT_FOUND || e.kind() == ErrorKind.REPOSITORY_NOT_FOUND)
              ? 404
              : failure instanceof RegistryException ? 400 : 500;
      String text = status == 500 ? "internal error" : String.valueOf(failure.getMessage());
      headers(ex);
      ex.status(status)
          .send("text/plain; charset=utf-8", (text + "\n").getBytes(StandardCharsets.UTF_8));
    };
  }

  @Override
  public void handle(Exchange ex) {
    if (!"GET".equals(ex.method()) && !"HEAD".equals(ex.method())) {
      headers(ex);
      ex.header("Allow", "GET, HEAD").status(405).send();
      return;
    }
    String path = ex.path();
    if ("/gallery".equals(path) || "/gallery/".equals(path)) {
      search(ex, ex.query("q").orElse(""));
    } else if (path.startsWith("/gallery/logo/")) {
      logo(ex, repository(path.substring("/gallery/logo/".length())));
    } else {
      repositoryPage(ex, path.substring("/gallery/".length()));
    }
  }

  private void search(Exchange ex, String query) {
    List<Map<String, Object>> results = new ArrayList<>();
    for (GalleryEntry e : registries.search(query, RESULTS)) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", e.alias() + "/" + e.repository().name().value());
      m.put("href", "/gallery/" + e.alias() + "/" + e.repository().name().value());
      m.put("description", e.catalog().description().orElse(""));
      m.put("badges", badges(e.catalog()));
      m.put("pulls", pullCount(e.catalog().pulls() + pulls.pending(e.repository())));
      results.add(m);
    }
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("q", query);
    model.put("results", results);
    model.put("hasResults", !results.isEmpty());
    model.put("searched", !query.isBlank());
    send(ex, templates.page("search", "Public gallery", model));
  }

  private static List<String> badges(RepositoryCatalog c) {
    List<String> out = new ArrayList<>(c.architectures());
    out.addAll(c.operatingSystems());
    return out;
  }

  /** A repository named {@code <alias>/<repository>}; NOT_FOUND for anything else. */
  private Named repository(String urlName) {
    int slash = urlName.indexOf('/');
    Optional<PublicRegistry> registry =
        slash > 0 ? registries.byAlias(urlName.substring(0, slash)) : Optional.empty();
    Optional<Repository> repo =
        registry.flatMap(
            r ->
                RepositoryName.parse(urlName.substring(slash + 1))
                    .flatMap(
                        n ->
                            repositories.find(
                                RegistryId.publicRegistry(r.account()), new RepositoryName(n))));
    if (repo.isEmpty()) {
      throw new RegistryException(
          ErrorKind.NOT_FOUND, "no public repository " + urlName + " in the gallery");
    }
    return new Named(registry.orElseThrow(), repo.get());
  }

  private record Named(PublicRegistry registry, Repository repo) {
    String name() {
      return registry.alias() + "/" + repo.name().value();
    }
  }

  private void logo(Exchange ex, Named named) {
    Logo logo =
        registries
            .logo(named.repo())
            .orElseThrow(
                () -> new RegistryException(ErrorKind.NOT_FOUND, named.name() + " has no logo"));
    ex.header("Content-Security-Policy", "default-src 'none'")
        .header("X-Content-Type-Options", "nosniff")
        .header("Cache-Control", "public, max-age=60")
        .status(200)
        .send(logo.mediaType(), logo.bytes());
  }

  private void repositoryPage(Exchange ex, String urlName) {
    Named named = repository(urlName);
    Repository repo = named.repo();
    RepositoryCatalog catalog =
        registries.catalog(repo).orElseGet(() -> RepositoryCatalog.empty(repo.createdAt()));
    String pullHost = RegistryAddresses.withPortOf(publicHost, ex.header("Host").orElse(""));
    List<Map<String, Object>> tags = new ArrayList<>();
    for (TaggedImage t : registries.tags(repo, Optional.empty(), TAGS).items()) {
      ImageSummary image = t.image();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("tag", t.tag());
      m.put("pushed", image.pushedAt().toString());
      m.put("pushedDate", image.pushedAt().toString().substring(0, 10));
      m.put("size", size(image.size()));
      m.put("bytes", image.size());
      m.put("pull", "docker pull " + pullHost + "/" + named.name() + ":" + t.tag());
      tags.add(m);
    }
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("name", named.name());
    model.put("owner", named.registry().displayName());
    model.put("description", catalog.description().orElse(""));
    model.put("badges", badges(catalog));
    model.put("logo", catalog.logoType().isPresent() ? "/gallery/logo/" + named.name() : "");
    model.put("about", catalog.aboutText().map(Markdown::html).orElse(""));
    model.put("usage", catalog.usageText().map(Markdown::html).orElse(""));
    model.put("pulls", pullCount(catalog.pulls() + pulls.pending(repo)));
    model.put("tags", tags);
    model.put("hasTags", !tags.isEmpty());
    model.put("uri", pullHost + "/" + named.name());
    send(ex, templates.page("repository", named.name(), model));
  }

  private static String pullCount(long n) {
    return n + (n == 1 ? " pull" : " pulls");
  }

  /** Bytes in KiB, MiB or GiB with one decimal, as people read sizes. */
  static String size(long bytes) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
    double v = bytes;
    int u = 0;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return u == 0 ? bytes + " B" : String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
  }

  private static void send(Exchange ex, String html) {
    headers(ex);
    ex.status(200).send("text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
  }

  private static void headers(Exchange ex) {
    ex.header("Content-Security-Policy", CSP)
        .header("X-Content-Type-Options", "nosniff")
        .header("X-Frame-Options", "DENY")
        .header("Referrer-Policy", "same-origin")
        .header("Cache-Control", "no-cache");
  }
}
