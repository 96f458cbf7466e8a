package dev.berth.model;

/**
 * What a repository holds.
 *
 * @param imageCount manifests and indexes stored (as DescribeImages lists them)
 * @param storedBytes bytes of the distinct layers and configs its manifests reference, each counted
 *     once however many images share it
 */
public record RepositoryUsage(long imageCount, long storedBytes) {}
