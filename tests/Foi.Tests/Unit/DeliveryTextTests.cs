using Foi.Modules.Requests.ShowRequest;
using Shouldly;

namespace Foi.Tests.Unit;

/// <summary>The requester's copy of the mail-server log: the time stays, other sites' hosts, addresses and IPs go.</summary>
internal sealed class DeliveryTextTests
{
    private const string RequestAddress = "request-7-abc@foi.test";

    // From mail-logs-fixtures/postfix (made by Debian's postfix), with an IPv6 relay as the big providers' servers have.
    [TestCase(
        "Nov 25 01:39:06 mx postfix/smtp[16288]: 1DB731000B3: to=<foi@accept.example>, relay=127.0.0.1[127.0.0.1]:2601, delay=0.07, delays=0.02/0.01/0.04/0, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as SINK217664)",
        "Nov 25 01:39:06 [host] postfix/smtp[16288]: 1DB731000B3: to=<foi@accept.example>, relay=[remote server], delay=0.07, delays=0.02/0.01/0.04/0, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as SINK217664)")]
    [TestCase(
        "Nov 30 22:55:14 mail.foi.example postfix/smtp[812]: 4F2A1: to=<foi@accept.example>, relay=mx.accept.example[2a00:1450:4009:81a::1b]:25, status=deferred (connect to 2001:db8::25 port 25: Connection timed out)",
        "Nov 30 22:55:14 [host] postfix/smtp[812]: 4F2A1: to=<foi@accept.example>, relay=[remote server], status=deferred (connect to [ip] port 25: Connection timed out)")]
    // From mail-logs-fixtures/exim (made by Debian's exim4): no host field, the date and time first.
    [TestCase(
        "2026-11-25 01:43:24 1xW22e-0004fG-14 => foi@accept.example R=fixture_route T=remote_smtp H=127.0.0.1 [127.0.0.1]:2601 C=\"250 2.0.0 Ok: queued as SINK401536\" DT=0s",
        "2026-11-25 01:43:24 1xW22e-0004fG-14 => foi@accept.example R=fixture_route T=remote_smtp H=[remote server]:2601 C=\"250 2.0.0 Ok: queued as SINK401536\" DT=0s")]
    [TestCase(
        "2026-11-25 01:43:25 1xW22e-0004fB-13 <= request-7-abc@foi.test H=localhost (foi) [::1]:41234 P=esmtp S=812 id=foi-1@foi.test",
        "2026-11-25 01:43:25 1xW22e-0004fB-13 <= [FOI #7 email] H=[remote server] (foi) [ip]:41234 P=esmtp S=812 id=[address]")]
    public void A_log_line_keeps_its_time_and_loses_other_sites_details(string line, string expected) =>
        DeliveryText.Redact(line, "foi@accept.example", RequestAddress, 7).ShouldBe(expected);
}
