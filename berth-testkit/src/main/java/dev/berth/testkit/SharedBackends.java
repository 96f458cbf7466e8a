package dev.berth.testkit;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The configuration of a node that shares its backends as a cluster's nodes do (issue 12): a new
 * database on the shared PostgreSQL, a new bucket on S3Proxy under the prefix {@code berth}, the
 * master key at {@code masterKey}, and no scheduled collection (tests run it when they mean to). A
 * mutable map, so a test may add to it; every node given the same map shares everything.
 */
public final class SharedBackends {
  private SharedBackends() {}

  public static Map<String, String> config(Path masterKey) {
    S3TestServer s3 = S3TestServer.get();
    Map<String, String> c = new HashMap<>();
    c.put("database-url", PostgresServer.shared().newDatabase());
    c.put("blob-store", "s3");
    c.put("s3-bucket", s3.newBucket());
    c.put("s3-prefix", "berth");
    c.put("s3-endpoint", s3.endpoint().toString());
    c.put("s3-path-style", "on");
    c.put("s3-access-key-id", S3TestServer.ACCESS_KEY);
    c.put("s3-secret-access-key", S3TestServer.SECRET_KEY);
    c.put("master-key-file", masterKey.toString());
    c.put("gc-interval", "off");
    return c;
  }
}
