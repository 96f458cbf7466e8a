package dev.berth.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.app.TestNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9, item 14: a path or query that is not well-formed percent-encoded UTF-8 gets a 400 in the
 * protocol of the address it was sent to (OCI envelope, HTML page, IAM XML, AWS JSON), with one log
 * line and no stack trace, before any authentication.
 */
class MalformedRequestTest {
  @TempDir static Path dir;
  static TestNode node;

  @BeforeAll
  static void start() throws Exception {
    node = TestNode.start(dir);
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  /** A raw response: status line, headers and body as text. */
  record Raw(int status, String head, String body) {
    boolean hasHeader(String line) {
      return head.lines().anyMatch(l -> l.equalsIgnoreCase(line));
    }
  }

  /** Sends a request line as given (HttpClient refuses such URIs), unauthenticated. */
  static Raw raw(String requestLine, String headers, String body) throws IOException {
    try (Socket s = new Socket("127.0.0.1", node.base().getPort())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      byte[] content = body.getBytes(StandardCharsets.UTF_8);
      String req =
          requestLine
              + "\r\nHost: "
              + node.hostPort()
              + "\r\nConnection: close\r\n"
              + headers
              + "Content-Length: "
              + content.length
              + "\r\n\r\n";
      out.write(req.getBytes(StandardCharsets.ISO_8859_1));
      out.write(content);
      out.flush();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      in.transferTo(all);
      String text = all.toString(StandardCharsets.UTF_8);
      int split = text.indexOf("\r\n\r\n");
      String head = text.substring(0, split);
      return new Raw(Integer.parseInt(head.split(" ", -1)[1]), head, text.substring(split + 4));
    }
  }

  /** Runs the request with standard error captured; returns the response and what was logged. */
  static Raw logged(List<String> log, String requestLine, String headers, String body)
      throws IOException {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      return raw(requestLine, headers, body);
    } finally {
      System.err.flush();
      System.setErr(original);
      log.addAll(captured.toString(StandardCharsets.UTF_8).lines().toList());
    }
  }

  @Test
  void badQueryOnV2_answersOciEnvelope400WithOneLogLine() throws IOException {
    for (String target :
        List.of("/v2/x?a=%ff", "/v2/_catalog?n=%ff", "/v2/repo/tags/list?n=%f", "/v2/?a=%zz")) {
      List<String> log = new java.util.ArrayList<>();
      Raw r = logged(log, "GET " + target + " HTTP/1.1", "", "");

      assertThat(r.status()).as(target).isEqualTo(400);
      assertThat(r.hasHeader("Content-Type: application/json")).as(r.head()).isTrue();
      assertThat(r.hasHeader("Docker-Distribution-API-Version: registry/2.0")).isTrue();
      assertThat(r.body()).contains("\"errors\":[{\"code\":").contains("percent-encoded");
      assertThat(log).as(target).hasSize(1);
      assertThat(log.get(0)).contains("refused malformed request");
    }
  }

  @Test
  void badPathOnV2_answersOciEnvelope400() throws IOException {
    List<String> log = new java.util.ArrayList<>();
    Raw r = logged(log, "GET /v2/x%ff/tags/list HTTP/1.1", "", "");

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.hasHeader("Content-Type: application/json")).as(r.head()).isTrue();
    assertThat(r.body()).startsWith("{\"errors\":[{\"code\":");
    assertThat(log).hasSize(1).noneMatch(l -> l.startsWith("\tat "));
  }

  @Test
  void badQueryAndPathOnUi_answerAnHtmlPage400() throws IOException {
    for (String target : List.of("/ui/sign-in?next=%ff", "/ui/%ff")) {
      List<String> log = new java.util.ArrayList<>();
      Raw r = logged(log, "GET " + target + " HTTP/1.1", "", "");

      assertThat(r.status()).as(target).isEqualTo(400);
      assertThat(r.hasHeader("Content-Type: text/html; charset=utf-8")).as(r.head()).isTrue();
      assertThat(r.body()).contains("<h1>Bad request</h1>");
      assertThat(log).as(target).hasSize(1).noneMatch(l -> l.startsWith("\tat "));
    }
  }

  @Test
  @SuppressWarnings("StringConcatToTextBlock") // raw header lines with explicit CRLF read clearer
  void badQueryOnRoot_answersIamXmlOrAwsJsonByProtocol() throws IOException {
    List<String> log = new java.util.ArrayList<>();
    Raw query =
        logged(
            log,
            "POST /?Action=%ff HTTP/1.1",
            "Content-Type: application/x-www-form-urlencoded\r\n",
            "");
    Raw json =
        logged(
            log,
            "POST /?a=%ff HTTP/1.1",
            "X-Amz-Target: AmazonEC2ContainerRegistry_V20150921.ListImages\r\n"
                + "Content-Type: application/x-amz-json-1.1\r\n",
            "{}");

    assertThat(query.status()).isEqualTo(400);
    assertThat(query.hasHeader("Content-Type: text/xml")).as(query.head()).isTrue();
    assertThat(query.body()).contains("<ErrorResponse").contains("<Code>InvalidInput</Code>");
    assertThat(json.status()).isEqualTo(400);
    assertThat(json.body()).startsWith("{\"__type\":\"InvalidParameterException\"");
    assertThat(log).hasSize(2).noneMatch(l -> l.startsWith("\tat "));
  }

  @Test
  void wellFormedEncodings_stillPass() {
    assertThat(PercentEncoding.wellFormed("a=%C3%A9&b=%2F+c")).isTrue();
    assertThat(PercentEncoding.wellFormed("")).isTrue();
    assertThat(PercentEncoding.wellFormed("%F0%9F%90%B3")).isTrue();
    assertThat(PercentEncoding.wellFormed("%ff")).isFalse();
    assertThat(PercentEncoding.wellFormed("%C3")).isFalse();
    assertThat(PercentEncoding.wellFormed("%")).isFalse();
    assertThat(PercentEncoding.wellFormed("a%2")).isFalse();
    assertThat(PercentEncoding.wellFormed("%ED%A0%80")).isFalse();
  }
}
