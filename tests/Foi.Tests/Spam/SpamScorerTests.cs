using Foi.Common.Cli;
using Foi.Common.Data;
using Foi.Modules.Spam.ScoreProfiles;
using Foi.Tests.Support;
using Shouldly;

namespace Foi.Tests.Spam;

internal sealed class SpamScorerTests
{
    private static readonly DateTimeOffset SignedUp = new(2026, 11, 1, 10, 0, 0, TimeSpan.Zero);

    private static ProfileFacts Genuine(string name = "Alice Smith", string email = "alice.smith@gmail.com", string? about = null) =>
        new(name, email, about, "81.2.69.160", "Mozilla/5.0 (X11; Linux x86_64; rv:131.0) Gecko/20100101 Firefox/131.0", SignedUp, null, 2, 0, 0, 1);

    private static List<string> Fired(ProfileFacts facts, SpamOptions? options = null) =>
        new SpamScorer(options ?? new SpamOptions()).Score(facts).Fired.Select(f => f.Name).ToList();

    [TestCase("maria garcia", true)]
    [TestCase("Maria Garcia", false)]
    [TestCase("李伟", false)]
    public void Name_all_lowercase(string name, bool fires) => Fired(Genuine(name)).Contains("name_all_lowercase").ShouldBe(fires);

    [TestCase("Madonna", true)]
    [TestCase("Mary Ann", false)]
    public void Name_single_word(string name, bool fires) => Fired(Genuine(name)).Contains("name_single_word").ShouldBe(fires);

    [TestCase("casino2026", true)]
    [TestCase("J@ne Doe", true)]
    [TestCase("Jane O'Neill-Smith", false)]
    public void Name_digits_or_symbols(string name, bool fires) => Fired(Genuine(name)).Contains("name_digits_or_symbols").ShouldBe(fires);

    [TestCase("xkqwrtzp", true)]
    [TestCase("Łukasz Wróblewski", false)]
    [TestCase("Dafydd ap Gruffydd", false)]
    public void Name_garbled(string name, bool fires) => Fired(Genuine(name)).Contains("name_garbled").ShouldBe(fires);

    [TestCase("Customer Service Number", true)]
    [TestCase("Bitcoin Recovery Expert", true)]
    [TestCase("Buy Cheap Viagra", true)]
    [TestCase("Seonaid Buyers", false)]
    public void Name_spam_pattern(string name, bool fires) => Fired(Genuine(name)).Contains("name_spam_pattern").ShouldBe(fires);

    [TestCase("Tom Reed, Herald Media Ltd", true)]
    [TestCase("Tom Reed", false)]
    public void Name_company_suffix(string name, bool fires) => Fired(Genuine(name)).Contains("name_company_suffix").ShouldBe(fires);

    [TestCase("x@mail.ru", "email_suspicious_domain")]
    [TestCase("x@seo-boost.example", "email_spam_domain")]
    [TestCase("x@mailinator.com", "email_disposable")]
    [TestCase("x@deals.xyz", "email_spam_tld")]
    public void Email_domain_rules(string email, string rule)
    {
        Fired(Genuine(email: email)).ShouldContain(rule);
        Fired(Genuine(email: "someone@gmail.com")).ShouldNotContain(rule);
    }

    [Test]
    public void About_me_rules()
    {
        Fired(Genuine(about: "I write at https://myblog.example about buses, trains and the people who run them.")).ShouldContain("about_links");
        Fired(Genuine(about: "I write at https://myblog.example about buses, trains and the people who run them.")).ShouldNotContain("about_only_link");
        Fired(Genuine(about: "https://seo-boost.example")).ShouldContain("about_only_link");
        Fired(Genuine(about: "<a href=\"https://x.example\">x</a>")).ShouldContain("about_html_anchor");
        Fired(Genuine(about: "Web design from $99")).ShouldContain("about_currency");
        Fired(Genuine(about: "Web design from $99")).ShouldContain("about_spam_phrases");
        Fired(Genuine(about: "Retired teacher interested in school funding.")).ShouldBeEmpty();
    }

    [Test]
    public void Neighbour_address_agent_and_timing_rules()
    {
        var about = "Cheap flights";
        Fired(Genuine(about: about) with { OtherAccountsWithSameAboutMe = 1 }).ShouldContain("about_duplicate");
        Fired(Genuine() with { SignupsFromSameIpWithinHour = 3 }).ShouldContain("ip_burst");
        Fired(Genuine() with { SignupsFromSameIpWithinHour = 2 }).ShouldNotContain("ip_burst");
        Fired(Genuine() with { SignupIp = "203.0.113.9" }, new SpamOptions { ListedIpRanges = ["203.0.113.0/24"] }).ShouldContain("ip_listed");
        Fired(Genuine() with { SignupIp = "198.51.100.9" }, new SpamOptions { ListedIpRanges = ["203.0.113.0/24"] }).ShouldNotContain("ip_listed");
        Fired(Genuine() with { UserAgent = "python-requests/2.31" }).ShouldContain("user_agent_suspicious");
        Fired(Genuine() with { UserAgent = "" }).ShouldContain("user_agent_suspicious");
        var quick = Genuine(about: "see https://x.example") with { ProfileUpdatedAt = SignedUp.AddMinutes(5) };
        Fired(quick).ShouldContain("quick_link_edit");
        Fired(quick with { ProfileUpdatedAt = SignedUp.AddDays(3) }).ShouldNotContain("quick_link_edit");
        Fired(Genuine() with { Requests = 0, Annotations = 0 }).ShouldContain("no_activity");
        Fired(Genuine() with { Requests = 0, Annotations = 1 }).ShouldNotContain("no_activity");
    }

    [Test]
    public void The_threshold_is_strict_and_weights_come_from_configuration()
    {
        // Disposable email (2.5) + single word (0.5) + lower case (0.5) + no activity (1) = 4.5: equal is not spam.
        var facts = Genuine("qwerty", "qwerty@mailinator.com") with { Requests = 0 };
        var scorer = new SpamScorer(new SpamOptions { Threshold = 4.5 });
        var score = scorer.Score(facts);
        score.Total.ShouldBe(4.5);
        score.IsSpam.ShouldBeFalse();
        new SpamScorer(new SpamOptions { Threshold = 4.49 }).Score(facts).IsSpam.ShouldBeTrue();
        new SpamScorer(new SpamOptions { Weights = new() { ["email_disposable"] = 0 } }).Score(facts).Fired.ShouldNotContain(f => f.Name == "email_disposable");
    }

    [Test]
    public void Request_titles_and_comments_are_checked_against_the_same_phrases() =>
        new SpamScorer(new SpamOptions()).SpamPhrasesIn("Cheap essay writing, buy now").ShouldBe(["buy", "cheap", "essay writing"], ignoreOrder: true);

    [Test]
    public void The_labelled_set_is_classified_with_high_precision_and_recall()
    {
        var path = Path.Combine(TestContext.CurrentContext.TestDirectory, "Spam", "profiles.jsonl");
        var lines = File.ReadAllLines(path);
        using var reader = new StringReader(string.Join('\n', lines));
        var profiles = ProfileFile.Read(reader).Select(l => l.Profile!).ToList();
        var labels = lines.Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("spam").GetBoolean()).ToList();
        profiles.Count.ShouldBeGreaterThanOrEqualTo(300);

        var scorer = new SpamScorer(new SpamOptions());
        int truePositive = 0, falsePositive = 0, falseNegative = 0;
        for (var i = 0; i < profiles.Count; i++)
        {
            var flagged = scorer.Score(ProfileFile.Facts(profiles[i], profiles)).IsSpam;
            if (flagged && labels[i]) { truePositive++; }
            else if (flagged) { falsePositive++; TestContext.Out.WriteLine($"false positive: {profiles[i].Name} <{profiles[i].Email}>"); }
            else if (labels[i]) { falseNegative++; TestContext.Out.WriteLine($"missed: {profiles[i].Name} <{profiles[i].Email}>"); }
        }
        var precision = (double)truePositive / (truePositive + falsePositive);
        var recall = (double)truePositive / (truePositive + falseNegative);
        TestContext.Out.WriteLine($"{profiles.Count} profiles: precision {precision:0.000}, recall {recall:0.000} ({truePositive} caught, {falsePositive} wrongly, {falseNegative} missed)");
        precision.ShouldBeGreaterThanOrEqualTo(0.95);
        recall.ShouldBeGreaterThanOrEqualTo(0.8);
    }

    [Test]
    public async Task The_score_command_prints_each_verdict_and_the_rules_without_a_database()
    {
        await using var site = new FoiFactory(DatabaseProvider.Sqlite);
        var file = Path.Combine(site.DataDirectory, "profiles.jsonl");
        await File.WriteAllLinesAsync(file,
        [
            """{"name":"Buy Cheap Viagra","email":"pills@seo-boost.example","about_me":"<a href=\"https://x.example\">pills</a>","signup_ip":"1.2.3.4","user_agent":"curl/8","created_at":"2026-11-01T10:00:00Z","profile_updated_at":"2026-11-01T10:02:00Z","requests":0,"annotations":0}""",
            """{"name":"Alice Smith","email":"alice@gmail.com","about_me":null,"signup_ip":"5.6.7.8","user_agent":"Mozilla/5.0","created_at":"2026-11-01T10:00:00Z","requests":3,"annotations":0}""",
            "not json",
        ]);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await FoiCommandLine.RunAsync(site.Services, ["spam", "score", file], output, error);
        code.ShouldBe(65);
        output.ToString().ShouldContain("profiles.jsonl:1: ");
        output.ToString().ShouldContain("SPAM Buy Cheap Viagra <pills@seo-boost.example>: name_spam_pattern +4");
        output.ToString().ShouldContain("profiles.jsonl:2: 0 ok Alice Smith");
        output.ToString().ShouldContain("1 of 2 profile(s) over the threshold.");
        error.ToString().ShouldContain("profiles.jsonl:3: not JSON");
    }
}
