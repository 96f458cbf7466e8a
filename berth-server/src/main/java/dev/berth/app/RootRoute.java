package dev.berth.app;

import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.http.Exchange;
import dev.berth.http.Route;

/**
 * {@code POST /} carries two protocols: AWS JSON 1.1 (an {@code X-Amz-Target} header: ECR, ECR
 * Public) and the query protocol (a form body: IAM, STS).
 */
final class RootRoute implements Route {
  private final Route awsJson;
  private final Route query;

  RootRoute(Route awsJson, Route query) {
    this.awsJson = awsJson;
    this.query = query;
  }

  @Override
  public void handle(Exchange ex) throws Exception {
    if (!"POST".equals(ex.method()) || !"/".equals(ex.path())) {
      throw new RegistryException(
          ErrorKind.NOT_FOUND, "no such endpoint: " + ex.method() + " " + ex.path());
    }
    if (ex.header("X-Amz-Target").isPresent()) {
      awsJson.handle(ex);
    } else {
      query.handle(ex);
    }
  }
}
