package dev.berth.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {
  @ParameterizedTest
  @CsvSource({
    "10.0.0.0/8, 10.255.255.255, true",
    "10.0.0.0/8, 11.0.0.0, false",
    "192.168.1.0/24, 192.168.1.200, true",
    "192.168.1.0/24, 192.168.2.1, false",
    "192.168.1.64/26, 192.168.1.127, true",
    "192.168.1.64/26, 192.168.1.128, false",
    "192.168.1.64/26, 192.168.1.63, false",
    "0.0.0.0/0, 8.8.8.8, true",
    "203.0.113.7, 203.0.113.7, true",
    "203.0.113.7/32, 203.0.113.8, false",
    "10.1.2.3/8, 10.200.0.1, true",
    "2001:db8::/32, 2001:db8:ffff::1, true",
    "2001:db8::/32, 2001:db9::1, false",
    "2001:db8:abcd:12::/64, 2001:db8:abcd:12:ffff:ffff:ffff:ffff, true",
    "2001:db8:abcd:12::/64, 2001:db8:abcd:13::, false",
    "::/0, ::1, true",
    "::1, 0:0:0:0:0:0:0:1, true",
    "::ffff:0:0/96, ::ffff:192.0.2.1, true",
    "fe80::/10, febf::1, true",
    "fe80::/10, fec0::1, false",
    "2001:db8::/32, 10.0.0.1, false",
    "10.0.0.0/8, ::ffff:10.0.0.1, false"
  })
  void containment(String cidr, String address, boolean expected) {
    assertThat(Cidr.parse(cidr))
        .hasValueSatisfying(n -> assertThat(n.contains(address)).isEqualTo(expected));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "10.0.0",
        "10.0.0.256",
        "10.0.0.1/33",
        "10.0.0.1/",
        "10.0.0.1/-1",
        "10.0.0.1/8/8",
        "1.2.3.4.5",
        "a.b.c.d",
        "2001:db8::1::2",
        "2001:db8:0:0:0:0:0:0:1",
        "2001:db8::/129",
        "12345::",
        "gggg::",
        "2001:db8::1.2.3",
        "localhost"
      })
  void malformedNetworksAreRefused(String text) {
    assertThat(Cidr.parse(text)).isEmpty();
  }

  @Test
  void addressesParseWithoutLookups() {
    assertThat(Cidr.address("example.com")).isEmpty();
    assertThat(Cidr.address("1:2:3:4:5:6:7:8")).hasValueSatisfying(b -> assertThat(b).hasSize(16));
    assertThat(Cidr.address("::")).hasValueSatisfying(b -> assertThat(b).containsOnly(0));
    assertThat(Cidr.address("127.0.0.1")).hasValue(new byte[] {127, 0, 0, 1});
  }

  @Test
  void aMalformedRequestAddressIsNotInAnyNetwork() {
    assertThat(Cidr.parse("0.0.0.0/0").orElseThrow().contains("not-an-ip")).isFalse();
    assertThat(Cidr.parse("::/0").orElseThrow().contains("::g")).isFalse();
  }
}
