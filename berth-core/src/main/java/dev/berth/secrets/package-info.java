/**
 * AWS Secrets Manager secrets: create, version with staging labels, read, list with filters,
 * schedule deletion and restore, per account and region; values encrypted at rest under the node's
 * master key ({@code iam.SecretCipher}). Also the internal read the pull-through cache uses for a
 * rule's {@code credentialArn}. Authorization is the API's; this package depends on {@code meta},
 * {@code iam}'s cipher and leaves.
 */
package dev.berth.secrets;
