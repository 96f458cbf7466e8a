/**
 * Metadata ports, the source of truth for everything but blob bytes, as small role interfaces:
 * {@link dev.berth.meta.AccountStore}, {@link dev.berth.meta.RepositoryStore}, {@link
 * dev.berth.meta.ImageStore}, {@link dev.berth.meta.BlobIndex}, {@link
 * dev.berth.meta.UploadSessionStore}, {@link dev.berth.meta.AccessKeyStore}, {@link
 * dev.berth.meta.StorageClassStore}, {@link dev.berth.meta.GcStore} (the garbage collector's
 * conditional statements), {@link dev.berth.meta.LifecycleStore} (lifecycle policies and previews),
 * {@link dev.berth.meta.PullTimeExclusionStore}, {@link dev.berth.meta.CreationTemplateStore}
 * (repository creation templates), joined by {@link dev.berth.meta.Transactions}. Depends on {@code
 * model} and {@code error}.
 */
package dev.berth.meta;
