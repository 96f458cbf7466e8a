/**
 * The public gallery of ECR Public: pages anyone may open without signing in, to search public
 * repositories (name, alias, description, architectures, operating systems) and read one: its
 * catalog data with the Markdown texts rendered by commonmark-java (raw HTML escaped) and cleaned
 * by jsoup's safelist, its logo, its tags with push dates, sizes and copyable pull commands, and
 * its pull count. Pages carry the same Content-Security-Policy as the registry browser (no inline
 * script), a third guard after escaping and cleaning.
 *
 * <p>May import: {@code publicregistry}, {@code meta} (its records), {@code registry}, {@code
 * http}, {@code address} and leaves.
 */
package dev.berth.api.gallery;
