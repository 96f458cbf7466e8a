package dev.berth.api.ui;

/**
 * {@code POST /ui/region}: the browser's region switcher. The choice lives in a cookie (it is a
 * view setting, not a permission: every page still asks the API as the signed-in principal, in the
 * chosen region) and lasts a year; a region the deployment does not serve is refused.
 */
final class RegionSwitch {
  static final String COOKIE = "berth_region";
  private static final long LIFETIME_SECONDS = 365L * 24 * 3600;

  void submit(UiRequest r) {
    String region = r.form().text("region");
    if (!r.ui().regions().contains(region)) {
      Pages.notFound(r, "This deployment does not serve the region '" + region + "'.");
      return;
    }
    r.exchange()
        .addHeader("Set-Cookie", SignIn.cookie(r.exchange(), COOKIE, region, LIFETIME_SECONDS));
    r.notice("ok", "Showing the registries of " + region + ".");
    r.redirect("/ui/repositories");
  }
}
