package dev.berth.publicregistry;

import java.util.List;
import java.util.Optional;

/**
 * What a PutRepositoryCatalogData (or CreateRepository's {@code catalogData}) gives: each present
 * field replaces the stored one, absent fields are kept. {@code logo} holds the image's bytes.
 */
public record CatalogUpdate(
    Optional<String> description,
    Optional<String> aboutText,
    Optional<String> usageText,
    Optional<List<String>> architectures,
    Optional<List<String>> operatingSystems,
    Optional<byte[]> logo) {}
