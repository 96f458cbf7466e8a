package dev.berth.app;

import dev.berth.error.ErrorKind;
import dev.berth.error.RegistryException;
import dev.berth.http.ErrorWriter;
import dev.berth.http.Exchange;
import dev.berth.http.Route;

/**
 * {@code POST /} carries two protocols: AWS JSON 1.1 (an {@code X-Amz-Target} header: ECR, ECR
 * Public, Secrets Manager) and the query protocol (a form body: IAM, STS). A browser asking for
 * {@code /} is sent to the registry browser at {@code /ui/}.
 */
final class RootRoute implements Route {
  private final Route awsJson;
  private final Route query;

  RootRoute(Route awsJson, Route query) {
    this.awsJson = awsJson;
    this.query = query;
  }

  /**
   * Errors of requests refused before routing: query XML for a POST without X-Amz-Target (IAM,
   * STS), else AWS JSON.
   */
  static ErrorWriter errors(ErrorWriter awsJson, ErrorWriter query) {
    return (ex, failure) ->
        ("POST".equals(ex.method()) && ex.header("X-Amz-Target").isEmpty() ? query : awsJson)
            .write(ex, failure);
  }

  @Override
  public void handle(Exchange ex) throws Exception {
    if ("GET".equals(ex.method())
        && "/".equals(ex.path())
        && ex.header("Accept").orElse("").contains("text/html")) {
      ex.header("Location", "/ui/").status(303).send();
      return;
    }
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
