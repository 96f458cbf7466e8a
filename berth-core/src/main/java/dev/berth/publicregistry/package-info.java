/**
 * ECR Public: each account's public registry with its alias (unique across the deployment, chosen
 * at random when the registry is created and changeable later), its display name, the catalog data
 * of its repositories (Markdown texts, platforms, a logo) and their pull counts. Public
 * repositories are ordinary repositories of the pseudo-region {@code public}; this package adds
 * what only public registries have.
 *
 * <p>May import: {@code meta}, {@code registry} and leaves.
 */
package dev.berth.publicregistry;
