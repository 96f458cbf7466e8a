package dev.berth.api.ecr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.app.TestNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.ImageDetail;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.Repository;

/**
 * Pages across nextToken boundaries through the AWS SDK, treating the token as opaque (issue 9,
 * item 24): with maxResults=2 over 5 items every page holds at most 2, the last has no token, and
 * the pages together hold every item exactly once.
 */
class EcrPaginationTest {
  private static final int ITEMS = 5;

  @TempDir Path dir;
  private TestNode node;
  private EcrClient ecr;

  @BeforeEach
  void start() throws Exception {
    node = TestNode.start(dir);
    ecr = EcrClients.root(node);
  }

  @AfterEach
  void stop() {
    ecr.close();
    node.close();
  }

  /** One page: its items and its next token (null on the last page). */
  private record Page<T>(List<T> items, String next) {}

  /** Follows next tokens from the first page; checks each page's size and the count of pages. */
  private static <T> List<T> allPages(Function<String, Page<T>> fetch) {
    List<T> all = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    String token = null;
    do {
      Page<T> page = fetch.apply(token);
      assertThat(page.items()).as("page %d", sizes.size() + 1).hasSizeLessThanOrEqualTo(2);
      sizes.add(page.items().size());
      all.addAll(page.items());
      token = page.next();
    } while (token != null && sizes.size() < 10);
    assertThat(sizes).as("pages of maxResults=2 over %d items", ITEMS).containsExactly(2, 2, 1);
    return all;
  }

  private static <T> void assertEachOnce(List<T> all, Set<T> expected) {
    assertThat(new HashSet<>(all)).as("no gaps").isEqualTo(expected);
    assertThat(all).as("no duplicates").doesNotHaveDuplicates();
  }

  @Test
  void describeRepositories_pagesOverEveryRepository() {
    Set<String> names = new HashSet<>();
    for (int i = 0; i < ITEMS; i++) {
      String name = "team/r" + i;
      ecr.createRepository(r -> r.repositoryName(name));
      names.add(name);
    }
    List<String> seen =
        allPages(
            token -> {
              var r = ecr.describeRepositories(b -> b.maxResults(2).nextToken(token));
              return new Page<>(
                  r.repositories().stream().map(Repository::repositoryName).toList(),
                  r.nextToken());
            });
    assertEachOnce(seen, names);
  }

  private Set<String> pushImages() {
    ecr.createRepository(r -> r.repositoryName("team/app"));
    Set<String> digests = new HashSet<>();
    for (int i = 0; i < ITEMS; i++) {
      String manifest =
          "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
              + "\"manifests\":[],\"annotations\":{\"n\":\""
              + i
              + "\"}}";
      String tag = "v" + i;
      digests.add(
          ecr.putImage(r -> r.repositoryName("team/app").imageManifest(manifest).imageTag(tag))
              .image()
              .imageId()
              .imageDigest());
    }
    assertThat(digests).hasSize(ITEMS);
    return digests;
  }

  @Test
  void listImages_pagesOverEveryImage() {
    Set<String> digests = pushImages();
    List<String> seen =
        allPages(
            token -> {
              var r =
                  ecr.listImages(b -> b.repositoryName("team/app").maxResults(2).nextToken(token));
              return new Page<>(
                  r.imageIds().stream().map(ImageIdentifier::imageDigest).toList(), r.nextToken());
            });
    assertEachOnce(seen, digests);
  }

  @Test
  void describeImages_pagesOverEveryImage() {
    Set<String> digests = pushImages();
    List<String> seen =
        allPages(
            token -> {
              var r =
                  ecr.describeImages(
                      b -> b.repositoryName("team/app").maxResults(2).nextToken(token));
              return new Page<>(
                  r.imageDetails().stream().map(ImageDetail::imageDigest).toList(), r.nextToken());
            });
    assertEachOnce(seen, digests);
  }
}
