/**
 * ECR lifecycle policies: parse and validate the policy text ({@link
 * dev.berth.lifecycle.LifecyclePolicy#parse}), evaluate it with one pure function ({@link
 * dev.berth.lifecycle.Evaluator}) that previews ({@link dev.berth.lifecycle.LifecycleService}) and
 * scheduled runs ({@link dev.berth.lifecycle.LifecycleRunner}) share, and the registry's pull-time
 * update exclusions ({@link dev.berth.lifecycle.PullTimeExclusions}). Depends on {@code registry},
 * {@code meta} and leaves; archive transitions go through {@link
 * dev.berth.lifecycle.ImageTransitions}, which the composition root supplies.
 *
 * <h2>Semantics, and where they come from</h2>
 *
 * <p>Sources: "Lifecycle policy properties in Amazon ECR" [P]
 * (https://docs.aws.amazon.com/AmazonECR/latest/userguide/lifecycle_policy_parameters.html),
 * "Lifecycle policy evaluation rules" [R]
 * (https://docs.aws.amazon.com/AmazonECR/latest/userguide/LifecyclePolicies.html), "Examples of
 * lifecycle policies in Amazon ECR" [E]
 * (https://docs.aws.amazon.com/AmazonECR/latest/userguide/lifecycle_policy_examples.html). The rule
 * table in {@code src/test/resources/dev/berth/lifecycle/} replays [E]'s examples.
 *
 * <ul>
 *   <li><b>One rule per image.</b> Rules are applied by {@code rulePriority}, lowest first. The
 *       first rule that <em>selects</em> an image (its tag and storage-class requirements) decides
 *       it: it acts on the image if its count criterion marks it, and no later rule ever acts on it
 *       [R: "An image that matches the tagging requirements of a rule cannot be expired or archived
 *       by a rule with a lower priority"; E: "Filtering on multiple rules", Example A, where Image
 *       B is skipped by Rule 2 because Rule 1 identified it].
 *   <li><b>Counting.</b> {@code imageCountMoreThan} sorts every image the rule selects, including
 *       images an earlier rule selected, newest first by push time, and marks all beyond the count
 *       [R: "Rules can never mark images that are marked by higher priority rules, but can still
 *       identify them"; E: "Filtering on all images", Example B, where Rule 3 keeps E and marks D].
 *       Ties are broken by digest so every run agrees (Berth's choice).
 *   <li><b>Times.</b> {@code sinceImagePushed} ages the push time, {@code sinceImagePulled} the
 *       last recorded pull (never pulled: the push), {@code sinceImageTransitioned} the last
 *       archival; an image restored from the archive is aged and ordered from its restore instead
 *       of its push, and from its restore instead of an older pull [R]. "Older than N days" is
 *       strict: an image pushed exactly N days ago stays.
 *   <li><b>Tags.</b> {@code tagged} rules take {@code tagPrefixList} or {@code tagPatternList},
 *       never both; every listed prefix or pattern must match one of the image's tags (patterns
 *       match the whole tag, {@code *} any run of characters, at most four per pattern) [P, R].
 *   <li><b>Storage classes.</b> A rule selects only images of its {@code storageClass}: {@code
 *       standard} (the default; ACTIVE images) for {@code imageCountMoreThan}, {@code
 *       sinceImagePushed} and {@code sinceImagePulled}, {@code archive} (required; ARCHIVED images)
 *       for {@code sinceImageTransitioned}. An ACTIVATING image is selected by no rule. The
 *       uniqueness rules hold per storage class: {@code any} only on the last rule of its class,
 *       one {@code untagged} rule, no repeated prefix set [R]. {@code sinceImagePulled} only
 *       transitions, {@code sinceImageTransitioned} only expires and needs at least 90 days [E,
 *       "Important" notes and "Combining archive and expire rules"].
 *   <li><b>Manifest lists.</b> A manifest that an index (manifest list) of the repository lists is
 *       neither counted nor acted on while the index exists [R: "If an image is referenced by a
 *       manifest list, it cannot be expired or archived without the manifest list being deleted or
 *       archived first"]; once a run expires the index, the next run considers its children.
 *       Leaving them out of counts matches what ECR's preview was observed to do
 *       (DefangLabs/pulumi-defang#466: 26 images, 2 of them children of an index, "24 rankable").
 *   <li><b>Referrers.</b> A manifest whose subject is in the repository (a signature, SBOM,
 *       attestation) is not judged on its own: it is expired or archived with its subject, under
 *       the subject's rule, in the same run, referrers before their subject; kept while its subject
 *       is kept [R: "When reference artifacts are present in a repository, Amazon ECR lifecycle
 *       policies automatically expire or archive those artifacts within 24 hours of the deletion or
 *       archival of the subject image"]. A referrer whose subject is gone is an ordinary image.
 *   <li><b>Execution.</b> {@code expire} deletes by digest as BatchDeleteImage does (the manifest
 *       and its tags; never a manifest an index lists) and leaves blobs to garbage collection; each
 *       image is re-checked in the deleting transaction and spared if its tags changed since
 *       evaluation. A preview evaluates exactly what a run at that moment acts on.
 * </ul>
 */
package dev.berth.lifecycle;
