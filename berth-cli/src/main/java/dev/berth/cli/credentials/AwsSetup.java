package dev.berth.cli.credentials;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.SdkSystemSetting;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileFileSystemSetting;
import software.amazon.awssdk.profiles.ProfileProperty;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsProfileRegionProvider;

/**
 * The AWS side of the helper's environment: the shared config and credentials files, the profile,
 * the SDK's default credential chain over them, the region, and a name for the identity that the
 * token cache keys on (computed without any network call, so a cached token is found offline).
 */
final class AwsSetup {
  private final Map<String, String> env;
  private final ProfileFile profiles;
  private final String profileName;

  private AwsSetup(Map<String, String> env, ProfileFile profiles, String profileName) {
    this.env = Map.copyOf(env);
    this.profiles = profiles;
    this.profileName = profileName;
  }

  /**
   * Reads {@code AWS_CONFIG_FILE} (default {@code ~/.aws/config}), {@code
   * AWS_SHARED_CREDENTIALS_FILE} (default {@code ~/.aws/credentials}) and {@code AWS_PROFILE}
   * (default {@code default}) from {@code env}, as the SDK and the aws CLI do.
   */
  static AwsSetup from(Map<String, String> env, Path home) {
    Path config = path(env, "AWS_CONFIG_FILE").orElse(home.resolve(".aws/config"));
    Path credentials =
        path(env, "AWS_SHARED_CREDENTIALS_FILE").orElse(home.resolve(".aws/credentials"));
    ProfileFile.Aggregator files = ProfileFile.aggregator();
    if (Files.isRegularFile(credentials)) {
      files.addFile(
          ProfileFile.builder().content(credentials).type(ProfileFile.Type.CREDENTIALS).build());
    }
    if (Files.isRegularFile(config)) {
      files.addFile(
          ProfileFile.builder().content(config).type(ProfileFile.Type.CONFIGURATION).build());
    }
    String profile =
        value(env, ProfileFileSystemSetting.AWS_PROFILE.environmentVariable()).orElse("default");
    return new AwsSetup(env, files.build(), profile);
  }

  private static Optional<String> value(Map<String, String> env, String key) {
    return Optional.ofNullable(env.get(key)).map(String::strip).filter(v -> !v.isEmpty());
  }

  private static Optional<Path> path(Map<String, String> env, String key) {
    return value(env, key).map(Path::of);
  }

  /**
   * The SDK's default chain (system properties, environment, web identity, this profile with its
   * assumed roles, SSO and processes, container, instance profile).
   */
  DefaultCredentialsProvider credentials() {
    return DefaultCredentialsProvider.builder()
        .profileFile(profiles)
        .profileName(profileName)
        .build();
  }

  /**
   * The region to sign with when the server's host names none: {@code AWS_REGION}, then the
   * profile's {@code region} (the SDK's providers), else {@code us-east-1}. The instance-metadata
   * step of the SDK chain is left out on purpose: the region of the machine a client runs on says
   * nothing about the region a Berth node is configured with, and probing for it costs seconds.
   */
  String region() {
    return value(env, SdkSystemSetting.AWS_REGION.environmentVariable())
        .or(
            () -> {
              try {
                return Optional.of(
                    new AwsProfileRegionProvider(() -> profiles, profileName).getRegion().id());
              } catch (RuntimeException none) {
                return Optional.empty();
              }
            })
        .orElse(Region.US_EAST_1.id());
  }

  /** The {@code ca_bundle} of the profile, as the aws CLI reads it. */
  Optional<Path> profileCaBundle() {
    return profiles.profile(profileName).flatMap(p -> p.property("ca_bundle")).map(Path::of);
  }

  /**
   * Who the credentials are, as far as can be told without resolving them: environment keys (by key
   * id and a hash of the secret), a web identity role, or a profile (by name and a hash of its
   * properties and its source profiles'). Secrets never appear in the result.
   */
  String identity() {
    Optional<String> key = value(env, SdkSystemSetting.AWS_ACCESS_KEY_ID.environmentVariable());
    if (key.isPresent()) {
      String secret =
          value(env, SdkSystemSetting.AWS_SECRET_ACCESS_KEY.environmentVariable()).orElse("")
              + "\n"
              + value(env, SdkSystemSetting.AWS_SESSION_TOKEN.environmentVariable()).orElse("");
      return "env:" + key.get() + ":" + sha256(secret);
    }
    Optional<String> role = value(env, SdkSystemSetting.AWS_ROLE_ARN.environmentVariable());
    if (role.isPresent()
        && value(env, SdkSystemSetting.AWS_WEB_IDENTITY_TOKEN_FILE.environmentVariable())
            .isPresent()) {
      return "web-identity:" + role.get();
    }
    Optional<Profile> profile = profiles.profile(profileName);
    if (profile.isPresent()) {
      return "profile:" + profileName + ":" + sha256(describe(profile.get()));
    }
    return "default-chain";
  }

  /** The profile's properties and those of its {@code source_profile} chain, in a stable order. */
  private String describe(Profile profile) {
    StringBuilder text = new StringBuilder();
    List<String> seen = new ArrayList<>();
    Optional<Profile> next = Optional.of(profile);
    while (next.isPresent() && !seen.contains(next.get().name())) {
      Profile p = next.get();
      seen.add(p.name());
      text.append('[').append(p.name()).append("]\n");
      new TreeMap<>(p.properties())
          .forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
      next = p.property(ProfileProperty.SOURCE_PROFILE).flatMap(profiles::profile);
    }
    return text.toString();
  }

  static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
