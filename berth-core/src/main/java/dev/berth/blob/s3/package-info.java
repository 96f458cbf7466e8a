/**
 * S3 blob store over the AWS SDK (any S3-compatible server: path-style or virtual-host addressing,
 * an endpoint override, checksums only where the protocol requires them). Layout under the bucket's
 * optional prefix:
 *
 * <pre>
 * blobs/&lt;algorithm&gt;/&lt;first two hex&gt;/&lt;hex&gt;   committed blobs, one object each, in either tier
 * uploads/&lt;staging key&gt;/data                    the session's multipart upload (an object only
 *                                                  while commit copies it to its blob key)
 * uploads/&lt;staging key&gt;/len-&lt;20 digits&gt;        zero-byte marker per begin and append: the
 *                                                  length it reached (what listings report)
 * uploads/&lt;staging key&gt;/tail-&lt;offset&gt;-&lt;nonce&gt;  bytes of an append short of a 5 MiB part,
 *                                                  prepended by the next append
 * </pre>
 *
 * The session's {@link dev.berth.blob.Staged#token()} records the upload id, its parts (number,
 * size, ETag) and the tail object, so any node continues a session with no state of its own. The
 * archive tier is a storage class, set by copying an object onto itself; the tier is also recorded
 * in the object's {@code x-amz-meta-berth-tier} so it reads back from servers that accept but do
 * not report storage classes. Depends on {@code blob}, {@code model}, {@code common} and the AWS
 * SDK.
 */
package dev.berth.blob.s3;
