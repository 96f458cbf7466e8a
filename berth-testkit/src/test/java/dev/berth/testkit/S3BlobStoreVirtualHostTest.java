package dev.berth.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/**
 * The blob-store contract on S3Proxy with virtual-host-style addressing, the AWS default ({@code
 * http://<bucket>.s3.berth.test:<port>/<key>}, resolved to loopback by {@link TestNames}), on a
 * server of its own ({@link S3TestServer#virtualHosted()}); {@link S3BlobStoreTest} runs it path
 * style. The adapter is the same; only the SDK's addressing differs.
 */
class S3BlobStoreVirtualHostTest extends S3BlobStoreTest {
  @Override
  S3TestServer server() {
    return S3TestServer.virtualHosted();
  }

  @Test
  void bucketNamesResolveToLoopback_soRequestsReallyGoVirtualHostStyle() throws Exception {
    assertThat(
            InetAddress.getByName("some-bucket." + S3TestServer.VIRTUAL_HOST).isLoopbackAddress())
        .isTrue();
    assertThat(server().settings("b").pathStyle()).isFalse();
  }
}
