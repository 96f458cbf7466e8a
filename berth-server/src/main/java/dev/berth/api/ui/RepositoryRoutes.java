package dev.berth.api.ui;

import dev.berth.model.Digest;
import dev.berth.model.RepositoryName;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The signed-in pages by path. A repository's pages live under {@code /ui/repositories/<name>}
 * (names contain slashes) and its sub-pages after {@code /-/}, which no name can contain.
 */
final class RepositoryRoutes {
  private static final String PREFIX = "/ui/repositories/";

  private final RepositoryListPage list = new RepositoryListPage();
  private final RepositoryActions actions = new RepositoryActions();
  private final ImagesPage images = new ImagesPage();
  private final ImageDetailPage image = new ImageDetailPage();
  private final PolicyPage policy = new PolicyPage();
  private final SettingsPages settings = new SettingsPages();
  private final LifecyclePage lifecycle = new LifecyclePage();

  /** Handles the path; false when no page lives there. */
  boolean handle(UiRequest r, String path, boolean post) {
    if (path.equals("/ui/repositories") && !post) {
      list.show(r);
      return true;
    }
    if (path.equals("/ui/create-repository")) {
      if (post) {
        actions.create(r);
      } else {
        actions.createForm(r);
      }
      return true;
    }
    if (!path.startsWith(PREFIX)) {
      return false;
    }
    String rest = decode(path.substring(PREFIX.length()));
    int sep = rest.indexOf("/-/");
    String name = sep < 0 ? rest : rest.substring(0, sep);
    String sub = sep < 0 ? "" : rest.substring(sep + 3);
    if (!RepositoryName.isValid(name)) {
      return false;
    }
    return post ? post(r, name, sub) : get(r, name, sub);
  }

  private boolean get(UiRequest r, String name, String sub) {
    switch (sub) {
      case "" -> images.show(r, name);
      case "push" -> actions.pushCommands(r, name);
      case "permissions" -> policy.show(r, name);
      case "lifecycle" -> lifecycle.show(r, name);
      case "lifecycle/preview" -> lifecycle.preview(r, name);
      case "tags" -> settings.tags(r, name);
      case "settings" -> settings.settings(r, name);
      default -> {
        Optional<Digest> digest = imageDigest(sub, "");
        if (digest.isEmpty()) {
          return false;
        }
        image.show(r, name, digest.get());
      }
    }
    return true;
  }

  private boolean post(UiRequest r, String name, String sub) {
    switch (sub) {
      case "delete" -> actions.delete(r, name);
      case "permissions" -> policy.save(r, name);
      case "permissions/delete" -> policy.delete(r, name);
      case "lifecycle" -> lifecycle.save(r, name);
      case "lifecycle/delete" -> lifecycle.delete(r, name);
      case "lifecycle/preview" -> lifecycle.startPreview(r, name);
      case "tags" -> settings.addTag(r, name);
      case "tags/remove" -> settings.removeTag(r, name);
      case "settings/mutability" -> settings.setMutability(r, name);
      default -> {
        return imagePost(r, name, sub);
      }
    }
    return true;
  }

  /** {@code images/<digest>/delete}, {@code .../archive}, {@code .../restore}. */
  private boolean imagePost(UiRequest r, String name, String sub) {
    Optional<Digest> delete = imageDigest(sub, "/delete");
    if (delete.isPresent()) {
      images.delete(r, name, delete.get().toString());
      return true;
    }
    Optional<Digest> archive = imageDigest(sub, "/archive");
    if (archive.isPresent()) {
      image.storageClass(r, name, archive.get(), "ARCHIVE");
      return true;
    }
    Optional<Digest> restore = imageDigest(sub, "/restore");
    if (restore.isPresent()) {
      image.storageClass(r, name, restore.get(), "STANDARD");
      return true;
    }
    return false;
  }

  /** {@code images/<digest><suffix>}. */
  private static Optional<Digest> imageDigest(String sub, String suffix) {
    if (!sub.startsWith("images/") || !sub.endsWith(suffix)) {
      return Optional.empty();
    }
    return Digest.parse(sub.substring("images/".length(), sub.length() - suffix.length()));
  }

  private static String decode(String raw) {
    try {
      return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return "";
    }
  }
}
