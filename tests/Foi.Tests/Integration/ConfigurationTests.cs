using Foi.Tests.Support;
using Shouldly;

namespace Foi.Tests.Integration;

/// <summary>
/// The program as an operator starts it, a process of its own: a wrong setting stops the site and every verb at once
/// with a line naming the key and what it may be, instead of a site that starts and fails on every page.
/// </summary>
internal sealed class ConfigurationTests
{
    private string dataDirectory = "";

    [SetUp]
    public void NewDataDirectory() => dataDirectory = Directory.CreateTempSubdirectory("foi-config-").FullName;

    [TearDown]
    public void RemoveDataDirectory() => Directory.Delete(dataDirectory, recursive: true);

    private Dictionary<string, string?> Settings(params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string?> { ["Site:DataDirectory"] = dataDirectory, ["Jobs:Enabled"] = "false" };
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }
        return settings;
    }

    [Test]
    public async Task An_unknown_time_zone_stops_the_site_before_it_serves_a_page()
    {
        var (code, _, error) = await FoiProcess.RunAsync(Settings(), "--Site:TimeZone=Mars/Olympus_Mons");

        code.ShouldBe(78, error);
        error.Trim().ShouldBe("foi: configuration: Site:TimeZone: 'Mars/Olympus_Mons' is not a time zone this machine knows; use an IANA name such as Europe/London or America/New_York");
        File.Exists(Path.Combine(dataDirectory, "foi.db")).ShouldBeFalse("nothing is written before the settings are known to be good");
    }

    [Test]
    public async Task Every_wrong_setting_is_named_at_once_with_what_it_may_be()
    {
        var (code, _, error) = await FoiProcess.RunAsync(Settings(
            ("Database:Provider", "Mongo"),
            ("Spam:Limits:SignUpsPerIpPerHour", "0"),
            ("Mail:Smtp:Port", "70000"),
            ("Search:Language", "klingon"),
            ("Accounts:ResetLinkLifetime", "soon"),
            ("Requests:Holidays", "atlantis")));

        code.ShouldBe(78, error);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        lines.ShouldBe(
        [
            "foi: configuration: Database:Provider: 'Mongo' is not allowed; it must be one of Sqlite, Postgres",
            "foi: configuration: Accounts:ResetLinkLifetime: 'soon' is not allowed; it must be a duration such as 00:00:30 (hh:mm:ss) or 2.00:00:00 (days)",
            "foi: configuration: Requests:Holidays: 'atlantis' is not allowed; it must be one of england-and-wales, scotland, northern-ireland, none",
            "foi: configuration: Mail:Smtp:Port: must be a port number from 1 to 65535",
            "foi: configuration: Spam:Limits:SignUpsPerIpPerHour: must be a whole number above 0",
            "foi: configuration: Search:Language: 'klingon' is not allowed; it must be one of " + string.Join(", ", Foi.Modules.Search.Index.SearchIndex.Languages.Keys),
        ], ignoreOrder: true);
    }

    [Test]
    public async Task A_wrong_setting_stops_a_verb_too_but_mail_receive_asks_the_MTA_to_try_again()
    {
        var (code, _, error) = await FoiProcess.RunAsync(Settings(("Site:TimeZone", "Nowhere/Land")), "db", "migrate");
        code.ShouldBe(78, error);
        error.ShouldContain("Site:TimeZone: 'Nowhere/Land'");

        // A reply must not bounce back to the authority because the site's configuration is being fixed.
        var (receiveCode, _, receiveError) = await FoiProcess.RunAsync(Settings(("Site:TimeZone", "Nowhere/Land")), "mail", "receive");
        receiveCode.ShouldBe(75, receiveError);
        receiveError.ShouldContain("Site:TimeZone");
    }

    [Test]
    public async Task Settings_given_on_the_command_line_work_for_verbs_in_either_form_and_place()
    {
        var elsewhere = Path.Combine(dataDirectory, "elsewhere");
        var (code, output, error) = await FoiProcess.RunAsync(Settings(), "db", "migrate", $"--Site:DataDirectory={elsewhere}");
        code.ShouldBe(0, error);
        output.ShouldContain("Applied");
        File.Exists(Path.Combine(elsewhere, "foi.db")).ShouldBeTrue();

        var (again, againOutput, againError) = await FoiProcess.RunAsync(Settings(), "--Site:DataDirectory", elsewhere, "db", "migrate");
        again.ShouldBe(0, againError);
        againOutput.ShouldContain("The database is up to date.");

        var (wrong, _, wrongError) = await FoiProcess.RunAsync(Settings(), "db", "migrate", "--Site:TimeZone=Nowhere/Land");
        wrong.ShouldBe(78, wrongError);
    }
}
