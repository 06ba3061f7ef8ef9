using System.Diagnostics;
using Foi.Modules.Requests.Domain;
using Foi.Modules.Requests.Redaction;
using Shouldly;

namespace Foi.Tests.Unit;

/// <summary>Censor rules: plain text in any case and across line breaks, patterns that can never hang, HTML left well formed.</summary>
internal sealed class CensorPatternTests
{
    private static CensorRule Rule(string pattern, bool isRegex = false, string? replacement = null, CensorScope scope = CensorScope.Site, int? scopeId = null) =>
        CensorRule.Add(pattern, isRegex, replacement, scope, scopeId, "test", 1, DateTimeOffset.UnixEpoch);

    private static Redactor Redactor(params CensorRule[] rules) => new CensorRuleSet(1, rules).For(requestId: 10, authorityId: 20, requesterId: 30);

    [Test]
    public void Plain_text_matches_in_any_case_and_across_line_breaks()
    {
        var redactor = Redactor(Rule("Jane Doe"));
        redactor.Apply("Regards,\nJANE\r\n  doe\nFOI team").ShouldBe("Regards,\n[REDACTED]\nFOI team");
        redactor.Apply("Janet Doerr").ShouldBe("Janet Doerr");
    }

    [Test]
    public void Many_plain_rules_run_as_one_pass_and_each_keeps_its_replacement()
    {
        var rules = Enumerable.Range(0, 1000).Select(i => Rule($"Officer Number{i}", replacement: i == 7 ? "[officer seven]" : null)).ToArray();
        var redactor = Redactor([.. rules, Rule("Officer Number1 Smith", replacement: "[longer]")]);
        redactor.RuleCount.ShouldBe(1);
        redactor.Apply("Officer Number7, Officer Number999 and Officer Number1 Smith").ShouldBe("[officer seven], [REDACTED] and [longer]");
    }

    [Test]
    public void Scoped_rules_apply_only_to_their_own_requests()
    {
        var set = new CensorRuleSet(1,
        [
            Rule("authority secret", scope: CensorScope.Authority, scopeId: 20),
            Rule("person secret", scope: CensorScope.Person, scopeId: 30),
            Rule("request secret", scope: CensorScope.Request, scopeId: 10),
        ]);
        const string text = "authority secret, person secret, request secret";
        set.For(10, 20, 30).Apply(text).ShouldBe("[REDACTED], [REDACTED], [REDACTED]");
        set.For(11, 21, 31).Apply(text).ShouldBe(text);
        set.For(11, 20, 31).Apply(text).ShouldBe("[REDACTED], person secret, request secret");
    }

    [Test]
    public void A_catastrophic_pattern_saves_and_runs_in_linear_time()
    {
        CensorPatterns.Problem("(a+)+$", isRegex: true).ShouldBeNull();
        var redactor = Redactor(Rule("(a+)+$", isRegex: true));
        var hostile = new string('a', 50_000) + "!";
        var watch = Stopwatch.StartNew();
        redactor.Apply(hostile).ShouldBe(hostile, "no match: the text ends with !");
        // Not a timing test of speed: a backtracking engine would not finish this before the test run's limit.
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(30));
        redactor.Apply("aaaa").ShouldBe("[REDACTED]");
    }

    [TestCase("(", "not a valid regular expression")]
    [TestCase("(?=Dear)\\w+", "lookarounds")]
    [TestCase("(\\w)\\1", "backreferences")]
    [TestCase("x*", "matches empty text")]
    [TestCase("", "Enter the text")]
    public void Unsafe_or_broken_patterns_are_refused_with_a_reason(string pattern, string reason) =>
        CensorPatterns.Problem(pattern, isRegex: true).ShouldNotBeNull().ShouldContain(reason);

    [Test]
    public void Plain_text_too_short_to_be_safe_is_refused() =>
        CensorPatterns.Problem("ab", isRegex: false).ShouldNotBeNull().ShouldContain("at least 3 characters");

    [Test]
    public void Html_keeps_its_markup_and_loses_the_text_in_nodes_and_attributes()
    {
        var redactor = Redactor(Rule("Jane Doe"));
        var html = redactor.ApplyHtml("<p>From <b>Jane Doe</b> <a href=\"mailto:x@example.org\" title=\"Jane Doe\">write</a></p>");
        html.ShouldBe("<p>From <b>[REDACTED]</b> <a href=\"mailto:x@example.org\" title=\"[REDACTED]\">write</a></p>");
        redactor.ApplyHtml("<p>Nothing &amp; nobody</p>").ShouldBe("<p>Nothing &amp; nobody</p>");
    }

    [Test]
    public void The_phone_masking_applies_without_a_rule() =>
        Redactor().Apply("Call 020 7946 0958.").ShouldBe("Call [phone number].");
}
