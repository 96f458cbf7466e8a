package dev.berth.api.ui;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.awsjson.AwsCallException;
import dev.berth.model.Descriptor;
import dev.berth.model.Digest;
import dev.berth.model.ManifestRecord;
import dev.berth.model.Page;
import dev.berth.model.ReferrerQuery;
import dev.berth.oci.ManifestParser;
import dev.berth.oci.MediaTypes;
import dev.berth.oci.ParsedManifest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A repository's images (DescribeImages), newest first. An index lists its platforms beneath it and
 * an image lists its referrers (signatures, SBOMs) beneath it, instead of as rows of their own.
 */
final class ImagesPage {
  static final int MAX_IMAGES = 5000;

  void show(UiRequest r, String name) {
    RepoContext repo = RepoContext.load(r, name);
    Model model = new Model().with("repo", repo.header(r, "")).with("csrf", r.session().csrf());
    List<JsonNode> details = new ArrayList<>();
    try {
      model.with("truncated", load(r, name, details));
    } catch (AwsCallException e) {
      if (!"AccessDeniedException".equals(e.type())) {
        throw e;
      }
      model.with("denied", e.getMessage());
    }
    Map<String, JsonNode> byDigest = new LinkedHashMap<>();
    details.forEach(d -> byDigest.put(d.path("imageDigest").asText(), d));
    Set<String> nested = new HashSet<>();
    Map<String, List<Model>> platforms = new LinkedHashMap<>();
    for (JsonNode d : details) {
      if (MediaTypes.isIndex(d.path("imageManifestMediaType").asText())) {
        String digest = d.path("imageDigest").asText();
        platforms.put(digest, platforms(r, repo, digest, byDigest, nested));
      }
    }
    Map<String, List<Model>> referrers = new LinkedHashMap<>();
    Map<String, String> artifactTypes = new LinkedHashMap<>();
    for (JsonNode d : details) {
      String subject = d.path("subjectManifestDigest").asText("");
      if (!subject.isEmpty() && byDigest.containsKey(subject)) {
        if (!referrers.containsKey(subject)) {
          artifactTypes(r, repo, Digest.of(subject), artifactTypes);
        }
        nested.add(d.path("imageDigest").asText());
        referrers
            .computeIfAbsent(subject, k -> new ArrayList<>())
            .add(referrer(r, name, d, artifactTypes));
      }
    }
    boolean canDelete = repo.can(r, "ecr:BatchDeleteImage");
    List<Model> rows = new ArrayList<>();
    details.stream()
        .filter(d -> !nested.contains(d.path("imageDigest").asText()))
        .sorted(Comparator.comparing(ImagesPage::pushedAt).reversed())
        .forEach(
            d -> {
              String digest = d.path("imageDigest").asText();
              List<Model> children = platforms.getOrDefault(digest, List.of());
              Model row = row(r, name, d, rows.size());
              if (!children.isEmpty()) {
                long total = 0;
                for (Model c : children) {
                  Model size = (Model) Objects.requireNonNull(c.get("size"));
                  total += (long) Objects.requireNonNull(size.get("raw"));
                }
                row.with("size", Formats.bytes(total))
                    .with("sizeNote", "sum of its " + children.size() + " platform images");
              }
              rows.add(
                  row.with("platforms", children)
                      .with("referrers", referrers.getOrDefault(digest, List.of()))
                      .with("canDelete", canDelete));
            });
    model
        .with("rows", rows)
        .with("count", details.size())
        .with("countLabel", details.size() == 1 ? "1 manifest" : details.size() + " manifests")
        .with("empty", details.isEmpty() && !model.containsKey("denied"))
        .with("pushHref", UiRequest.repoPath(name, "push"));
    r.page(200, "images", name + " · Images", repo.crumbs(), model);
  }

  /**
   * The referrers API's artifact types of a subject's referrers, from descriptor pages without
   * annotations, at most {@link #MAX_IMAGES} of them.
   */
  private static void artifactTypes(
      UiRequest r, RepoContext repo, Digest subject, Map<String, String> out) {
    Optional<String> after = Optional.empty();
    int seen = 0;
    do {
      Page<Descriptor> page =
          r.ui()
              .reads()
              .referrers(
                  r.principal(),
                  r.ip(),
                  repo.repo(),
                  subject,
                  new ReferrerQuery(Optional.empty(), after, 1000, 0));
      for (Descriptor d : page.items()) {
        d.artifactType().ifPresent(t -> out.put(d.digest().toString(), t));
      }
      seen += page.items().size();
      after = page.next();
    } while (after.isPresent() && seen < MAX_IMAGES);
  }

  private static boolean load(UiRequest r, String name, List<JsonNode> out) {
    Optional<String> next = Optional.empty();
    do {
      var in = UiRequest.input().put("repositoryName", name).put("maxResults", 1000);
      // Every storage class: archived and restoring images are listed, and marked.
      in.putObject("filter").put("imageStatus", "ANY");
      next.ifPresent(t -> in.put("nextToken", t));
      JsonNode page = r.ecr("DescribeImages", in);
      for (JsonNode d : page.path("imageDetails")) {
        if (out.size() >= MAX_IMAGES) {
          return true;
        }
        out.add(d);
      }
      next = Optional.ofNullable(page.path("nextToken").textValue());
    } while (next.isPresent());
    return false;
  }

  private static Instant pushedAt(JsonNode d) {
    return Formats.epochSeconds(d.path("imagePushedAt").asDouble());
  }

  /** The platforms an index lists, with each child's own size when the repository holds it. */
  private static List<Model> platforms(
      UiRequest r,
      RepoContext repo,
      String digest,
      Map<String, JsonNode> byDigest,
      Set<String> nested) {
    ManifestRecord m =
        r.ui().reads().manifest(r.principal(), r.ip(), repo.repo(), Digest.of(digest));
    ParsedManifest parsed = ManifestParser.parse(m.mediaType(), m.content());
    List<Model> out = new ArrayList<>();
    for (Descriptor child : parsed.manifests()) {
      String childDigest = child.digest().toString();
      nested.add(childDigest);
      JsonNode detail = byDigest.get(childDigest);
      long size = detail == null ? child.size() : detail.path("imageSizeInBytes").asLong();
      out.add(
          new Model()
              .with("platform", platform(child))
              .with("digest", childDigest)
              .with("short", Formats.shortDigest(childDigest))
              .with("size", Formats.bytes(size))
              .with("mediaType", Kinds.mediaType(child.mediaType()))
              .with("href", imagePath(repo.name(), childDigest)));
    }
    return out;
  }

  static String platform(Descriptor child) {
    return child
        .platform()
        .map(p -> p.os() + "/" + p.architecture() + p.variant().map(v -> "/" + v).orElse(""))
        .orElse("unknown platform");
  }

  /** A referrer row; its artifact type as the referrers API reports it (not the config type). */
  private static Model referrer(
      UiRequest r, String name, JsonNode d, Map<String, String> artifactTypes) {
    String digest = d.path("imageDigest").asText();
    Optional<String> type =
        Optional.ofNullable(artifactTypes.get(digest))
            .or(() -> Optional.ofNullable(d.path("artifactMediaType").textValue()));
    return new Model()
        .with("kind", Kinds.of(d.path("imageManifestMediaType").asText(), type))
        .with("artifactType", type.orElse(""))
        .with("digest", digest)
        .with("short", Formats.shortDigest(digest))
        .with("size", Formats.bytes(d.path("imageSizeInBytes").asLong()))
        .with("pushed", Formats.time(pushedAt(d), r.now()))
        .with("href", imagePath(name, digest));
  }

  private static Model row(UiRequest r, String name, JsonNode d, int index) {
    String digest = d.path("imageDigest").asText();
    String mediaType = d.path("imageManifestMediaType").asText();
    Optional<String> artifact = Optional.ofNullable(d.path("artifactMediaType").textValue());
    List<String> tags = new ArrayList<>();
    d.path("imageTags").forEach(t -> tags.add(t.asText()));
    Model m =
        new Model()
            .with("index", index)
            .with("tags", tags)
            .with("tagList", String.join(", ", tags))
            .with("digest", digest)
            .with("short", Formats.shortDigest(digest))
            .with("kind", Kinds.of(mediaType, artifact))
            .with("mediaType", Kinds.mediaType(mediaType))
            .with("mediaTypeFull", mediaType)
            .with(
                "artifactType",
                artifact.filter(a -> !Kinds.isImageConfig(a)).map(Kinds::mediaType).orElse(""))
            .with("artifactTypeFull", artifact.orElse(""))
            .with("size", Formats.bytes(d.path("imageSizeInBytes").asLong()))
            .with("pushed", Formats.time(pushedAt(d), r.now()))
            .with("href", imagePath(name, digest))
            .with("deleteAction", imagePath(name, digest) + "/delete")
            .with("pulled", "")
            .with("sizeNote", "")
            .with("status", StorageStatus.of(d));
    if (d.hasNonNull("lastRecordedPullTime")) {
      m.with(
          "pulled",
          Formats.time(Formats.epochSeconds(d.path("lastRecordedPullTime").asDouble()), r.now()));
    }
    return m;
  }

  static String imagePath(String name, String digest) {
    return UiRequest.repoPath(name, "images/" + digest);
  }

  /** BatchDeleteImage by digest: the image and every tag on it. */
  void delete(UiRequest r, String name, String digest) {
    var in = UiRequest.input().put("repositoryName", name);
    in.putArray("imageIds").addObject().put("imageDigest", digest);
    JsonNode out = r.ecr("BatchDeleteImage", in);
    JsonNode failure = out.path("failures").path(0);
    if (failure.isObject()) {
      r.notice(
          "error",
          "Could not delete "
              + Formats.shortDigest(digest)
              + ": "
              + failure.path("failureReason").asText());
    } else {
      r.notice("ok", "Deleted image " + Formats.shortDigest(digest) + ".");
    }
    r.redirect(UiRequest.repoPath(name, ""));
  }
}
