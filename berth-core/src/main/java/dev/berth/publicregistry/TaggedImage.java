package dev.berth.publicregistry;

import dev.berth.model.ImageSummary;

/** A tag of a public repository and the image it names (DescribeImageTags, the gallery). */
public record TaggedImage(String tag, ImageSummary image) {}
