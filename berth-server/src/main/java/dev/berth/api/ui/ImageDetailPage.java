package dev.berth.api.ui;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.api.awsjson.AwsCallException;
import dev.berth.common.Json;
import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.model.Descriptor;
import dev.berth.model.Digest;
import dev.berth.model.ManifestRecord;
import dev.berth.model.Page;
import dev.berth.model.ReferrerQuery;
import dev.berth.oci.ManifestParser;
import dev.berth.oci.ParsedManifest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One image: summary, platforms or config and layers, referrers, and the manifest itself. */
final class ImageDetailPage {
  /** Referrers listed on the page at most (issue 9, item 7: the page stays small). */
  static final int SHOWN_REFERRERS = 100;

  /** Annotation bytes fetched for the page's referrers at most (past the first referrer). */
  static final long SHOWN_ANNOTATION_BYTES = 256 * 1024;

  /** Characters of an annotation value shown. */
  static final int SHOWN_ANNOTATION_CHARS = 1000;

  /**
   * Where the image was replicated and how far each copy got (DescribeImageReplicationStatus);
   * empty when the caller may not ask, as the API would answer.
   */
  private static List<Model> replications(UiRequest r, String name, Digest digest) {
    var in = UiRequest.input().put("repositoryName", name);
    in.putObject("imageId").put("imageDigest", digest.toString());
    List<Model> out = new java.util.ArrayList<>();
    try {
      r.ecr("DescribeImageReplicationStatus", in)
          .path("replicationStatuses")
          .forEach(
              s ->
                  out.add(
                      new Model()
                          .with("region", s.path("region").asText())
                          .with("registryId", s.path("registryId").asText())
                          .with("status", s.path("status").asText())
                          .with("failureCode", s.path("failureCode").asText(""))));
    } catch (dev.berth.api.awsjson.AwsCallException denied) {
      return List.of();
    }
    return out;
  }

  void show(UiRequest r, String name, Digest digest) {
    RepoContext repo = RepoContext.load(r, name);
    var in = UiRequest.input().put("repositoryName", name);
    in.putArray("imageIds").addObject().put("imageDigest", digest.toString());
    JsonNode detail = r.ecr("DescribeImages", in).path("imageDetails").path(0);
    var reads = r.ui().reads();
    ManifestRecord m = reads.manifest(r.principal(), r.ip(), repo.repo(), digest);
    ParsedManifest parsed = ManifestParser.parse(m.mediaType(), m.content());
    Model model =
        new Model()
            .with("repo", repo.header(r, ""))
            .with("digest", digest.toString())
            .with("short", Formats.shortDigest(digest.toString()))
            .with("kind", Kinds.of(m.mediaType(), m.artifactType()))
            .with("mediaType", m.mediaType())
            .with("artifactType", m.artifactType().orElse(""))
            .with("tags", strings(detail.path("imageTags")))
            .with("size", Formats.bytes(detail.path("imageSizeInBytes").asLong()))
            .with("manifestSize", Formats.bytes(m.size()))
            .with(
                "pushed",
                Formats.time(
                    Formats.epochSeconds(detail.path("imagePushedAt").asDouble()), r.now()))
            .with("manifest", pretty(m.content()))
            .with("csrf", r.session().csrf())
            .with("canDelete", repo.can(r, "ecr:BatchDeleteImage"))
            .with("deleteAction", ImagesPage.imagePath(name, digest.toString()) + "/delete")
            .with("status", StorageStatus.of(detail))
            .with("storageTimes", StorageStatus.times(detail, r.now()))
            .with("canChangeStorage", repo.can(r, "ecr:UpdateImageStorageClass"))
            .with("archiveAction", ImagesPage.imagePath(name, digest.toString()) + "/archive")
            .with("restoreAction", ImagesPage.imagePath(name, digest.toString()) + "/restore")
            .with("replications", replications(r, name, digest));
    if (detail.hasNonNull("lastRecordedPullTime")) {
      model.with(
          "pulled",
          Formats.time(
              Formats.epochSeconds(detail.path("lastRecordedPullTime").asDouble()), r.now()));
    }
    parsed
        .subject()
        .ifPresent(
            s ->
                model.with(
                    "subject",
                    Model.of("digest", s.digest().toString())
                        .with("href", ImagesPage.imagePath(name, s.digest().toString()))));
    if (parsed.isIndex()) {
      model.with("platforms", platforms(name, parsed));
    } else {
      layers(model, parsed);
      parsed.config().ifPresent(c -> config(r, repo, c, model));
      parsed.config().ifPresent(c -> model.with("configDescriptor", descriptor(c, 0)));
    }
    referrers(r, name, repo, digest, model);
    r.page(
        200,
        "image",
        name + " · " + Formats.shortDigest(digest.toString()),
        repo.crumbs(Formats.shortDigest(digest.toString())),
        model);
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(v -> out.add(v.asText()));
    return out;
  }

  /** The manifest re-indented for reading (the stored bytes stay as pushed). */
  static String pretty(byte[] content) {
    try {
      return Json.mapper()
          .writerWithDefaultPrettyPrinter()
          .writeValueAsString(Json.mapper().readTree(content));
    } catch (IOException e) {
      return new String(content, StandardCharsets.UTF_8);
    }
  }

  private static List<Model> platforms(String name, ParsedManifest parsed) {
    List<Model> out = new ArrayList<>();
    for (Descriptor child : parsed.manifests()) {
      out.add(
          descriptor(child, 0)
              .with("platform", ImagesPage.platform(child))
              .with("href", ImagesPage.imagePath(name, child.digest().toString())));
    }
    return out;
  }

  private static void layers(Model model, ParsedManifest parsed) {
    List<Model> out = new ArrayList<>();
    long total = 0;
    int i = 1;
    for (Descriptor layer : parsed.layers()) {
      out.add(descriptor(layer, i++));
      total += layer.size();
    }
    model
        .with("layers", out)
        .with("layerCount", out.size())
        .with("layerTotal", Formats.bytes(total));
  }

  private static Model descriptor(Descriptor d, int position) {
    return new Model()
        .with("position", position)
        .with("digest", d.digest().toString())
        .with("short", Formats.shortDigest(d.digest().toString()))
        .with("mediaType", Kinds.mediaType(d.mediaType()))
        .with("mediaTypeFull", d.mediaType())
        .with("size", Formats.bytes(d.size()));
  }

  /** The config section; a principal without GetDownloadUrlForLayer is told it is hidden. */
  private static void config(UiRequest r, RepoContext repo, Descriptor c, Model model) {
    if (!Kinds.isImageConfig(c.mediaType())) {
      return;
    }
    try {
      r.ui()
          .reads()
          .config(r.principal(), r.ip(), repo.repo(), c.digest())
          .flatMap(bytes -> ConfigView.of(bytes, r.now()))
          .ifPresent(v -> model.with("config", v));
    } catch (RegistryException e) {
      if (e.kind() == ErrorKind.BLOB_UNKNOWN) {
        // An archived image's config is not served until the image is restored.
        model.with("configDenied", "The config cannot be read now: " + e.getMessage());
        return;
      }
      if (e.kind() != ErrorKind.DENIED) {
        throw e;
      }
      model.with("configDenied", e.getMessage());
    }
  }

  /**
   * The referrers section, bounded whatever the referrers (issue 9, item 7): the first ones with
   * their annotations up to {@link #SHOWN_ANNOTATION_BYTES}, then more without annotations up to
   * {@link #SHOWN_REFERRERS} in all, with a note for what is left out.
   */
  private static void referrers(
      UiRequest r, String name, RepoContext repo, Digest digest, Model model) {
    var reads = r.ui().reads();
    Page<Descriptor> annotated =
        reads.referrers(
            r.principal(),
            r.ip(),
            repo.repo(),
            digest,
            new ReferrerQuery(
                Optional.empty(), Optional.empty(), SHOWN_REFERRERS, SHOWN_ANNOTATION_BYTES));
    List<Descriptor> shown = new ArrayList<>(annotated.items());
    Optional<String> next = annotated.next();
    String notes = "";
    if (next.isPresent() && shown.size() < SHOWN_REFERRERS) {
      Page<Descriptor> bare =
          reads.referrers(
              r.principal(),
              r.ip(),
              repo.repo(),
              digest,
              new ReferrerQuery(Optional.empty(), next, SHOWN_REFERRERS - shown.size(), 0));
      shown.addAll(bare.items());
      next = bare.next();
      notes = "Annotations are shown for the first " + annotated.items().size() + " only. ";
    }
    if (next.isPresent()) {
      notes +=
          "Showing the first " + shown.size() + " referrers; the referrers API lists them all.";
    }
    model.with("referrers", referrers(name, shown)).with("referrersMore", notes.strip());
  }

  /** An annotation value as shown: long ones (a page may carry megabytes) cut short. */
  static String shorten(String value) {
    return value.length() <= SHOWN_ANNOTATION_CHARS
        ? value
        : value.substring(0, SHOWN_ANNOTATION_CHARS) + "… (" + value.length() + " characters)";
  }

  private static List<Model> referrers(String name, List<Descriptor> referrers) {
    List<Model> out = new ArrayList<>();
    for (Descriptor d : referrers) {
      List<Model> annotations = new ArrayList<>();
      for (Map.Entry<String, String> e : new java.util.TreeMap<>(d.annotations()).entrySet()) {
        annotations.add(Model.of("key", e.getKey()).with("value", shorten(e.getValue())));
      }
      out.add(
          descriptor(d, 0)
              .with("kind", Kinds.of(d.mediaType(), d.artifactType()))
              .with("artifactType", d.artifactType().orElse(""))
              .with("annotations", annotations)
              .with("href", ImagesPage.imagePath(name, d.digest().toString())));
    }
    return out;
  }

  /**
   * UpdateImageStorageClass: archive an active image, or start restoring an archived one (restore
   * runs in the background; the page shows it as restoring until it is done).
   */
  void storageClass(UiRequest r, String name, Digest digest, String target) {
    var in = UiRequest.input().put("repositoryName", name).put("targetStorageClass", target);
    in.putObject("imageId").put("imageDigest", digest.toString());
    String path = ImagesPage.imagePath(name, digest.toString());
    try {
      r.ecr("UpdateImageStorageClass", in);
    } catch (AwsCallException e) {
      if ("AccessDeniedException".equals(e.type())) {
        throw e;
      }
      r.notice("error", RepositoryActions.friendly(e));
      r.redirect(path);
      return;
    }
    r.notice(
        "ok",
        "ARCHIVE".equals(target)
            ? "Archived image " + Formats.shortDigest(digest.toString()) + "."
            : "Restoring image "
                + Formats.shortDigest(digest.toString())
                + "; it can be pulled again once restored.");
    r.redirect(path);
  }
}
