package dev.berth.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The decoded name/value pairs of a raw query string, in the order sent. */
record QueryParameters(List<QueryParameters.Param> params) {
  /** One decoded pair; a name without {@code =} has an empty value. */
  record Param(String name, String value) {}

  QueryParameters {
    params = List.copyOf(params);
  }

  static QueryParameters parse(String rawQuery) {
    List<Param> params = new ArrayList<>();
    for (String pair : rawQuery.split("&", -1)) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      params.add(
          new Param(
              UriEncoding.decodeQueryComponent(name), UriEncoding.decodeQueryComponent(value)));
    }
    return new QueryParameters(params);
  }

  /** The first value of the named parameter (names are case-sensitive). */
  Optional<String> first(String name) {
    return params.stream().filter(p -> p.name().equals(name)).map(Param::value).findFirst();
  }
}
