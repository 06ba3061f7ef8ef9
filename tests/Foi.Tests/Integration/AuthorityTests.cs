using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Foi.Common.Data;
using Foi.Modules.Authorities.Domain;
using Foi.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;

namespace Foi.Tests.Integration;

internal sealed class AuthorityTests(DatabaseProvider provider) : IntegrationTest(provider)
{
    [Test]
    public async Task Authorities_are_browsed_by_letter_and_by_tag_and_shown_with_their_facts()
    {
        var name = TestAuthorities.UniqueName("Zebra Crossing Authority");
        var slug = await TestAuthorities.AddAsync(Site, name, "foi@zebra.example", "transport", "quango");
        var visitor = NewVisitor();

        (await visitor.GetAsync("/authorities?letter=Z")).Html.ShouldContain(name);
        (await visitor.GetAsync("/authorities?letter=A")).Html.ShouldNotContain(name);
        (await visitor.GetAsync("/authorities?tag=quango")).Html.ShouldContain(name);
        (await visitor.GetAsync("/authorities?q=zebra crossing")).Html.ShouldContain(name);

        var (status, page, _) = await visitor.GetAsync($"/authority/{slug}");
        status.ShouldBe(HttpStatusCode.OK);
        page.ShouldContain($"/new/{slug}");
        page.ShouldContain("transport");
    }

    [Test]
    public async Task The_admin_form_shows_field_errors_for_a_bad_email_a_taken_slug_and_a_missing_name()
    {
        var takenSlug = await TestAuthorities.AddAsync(Site, TestAuthorities.UniqueName("Taken Slug Body"));
        var admin = await SignedInAdminAsync();

        var (status, html, _) = await admin.PostFormAsync("/admin/authorities/new", new Dictionary<string, string>
        {
            ["Name"] = "", ["Slug"] = takenSlug, ["RequestEmail"] = "foi-at-example", ["HomePage"] = "ftp://x",
        });

        status.ShouldBe(HttpStatusCode.OK);
        html.ShouldContain("The authority needs a name.");
        html.ShouldContain("Another authority already has this slug.");
        html.ShouldContain("That is not a valid email address.");
        html.ShouldContain("must be a full web address");
    }

    [Test]
    public async Task An_admin_creates_and_edits_an_authority()
    {
        var admin = await SignedInAdminAsync();
        var name = TestAuthorities.UniqueName("Created Council");
        var (status, _, location) = await admin.PostFormAsync("/admin/authorities/new", new Dictionary<string, string>
        {
            ["Name"] = name, ["RequestEmail"] = "foi@created.example", ["Tags"] = "local_council",
        });
        status.ShouldBe(HttpStatusCode.Redirect);
        var id = await InScopeAsync(s => s.GetRequiredService<FoiDbContext>().Set<Authority>().Where(a => a.Name == name).Select(a => a.Id).SingleAsync());

        var (editStatus, _, _) = await admin.PostFormAsync($"/admin/authorities/{id}/edit", new Dictionary<string, string>
        {
            ["Id"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Name"] = name, ["RequestEmail"] = "requests@created.example", ["Tags"] = "local_council defunct",
        });
        editStatus.ShouldBe(HttpStatusCode.Redirect);

        var (_, page, _) = await admin.GetAsync(location!);
        page.ShouldContain("cannot receive requests");
    }

    [Test]
    public async Task A_csv_with_one_bad_row_writes_nothing_and_names_the_line()
    {
        var admin = await SignedInAdminAsync();
        var good = TestAuthorities.UniqueName("Good Row Council");
        var csv = $"""
            name,short_name,request_email,home_page,tags
            {good},GRC,foi@good.example,https://good.example/,local_council
            {TestAuthorities.UniqueName("Bad Email Council")},,not-an-email,,
            ,,foi@nameless.example,,
            {good},,foi@again.example,,
            """;

        var html = await UploadAsync(admin, csv, dryRun: false);

        html.ShouldContain("Nothing was imported");
        html.ShouldContain("Line 3: invalid request_email &quot;not-an-email&quot;");
        html.ShouldContain("Line 4: missing name");
        html.ShouldContain("Line 5: duplicate");
        (await CountAsync(good)).ShouldBe(0);
    }

    [Test]
    public async Task A_csv_dry_run_reports_the_changes_and_a_real_run_makes_them()
    {
        var existing = TestAuthorities.UniqueName("Existing Trust");
        await TestAuthorities.AddAsync(Site, existing, "old@trust.example");
        var added = TestAuthorities.UniqueName("New Trust");
        var csv = $"""
            name,short_name,request_email,home_page,tags
            {existing},ET,new@trust.example,,health
            "{added}",,foi@newtrust.example,https://newtrust.example/,health
            """;
        var admin = await SignedInAdminAsync();

        var dry = await UploadAsync(admin, csv, dryRun: true);
        dry.ShouldContain("Dry run, nothing written: 1 to create, 1 to update, 0 unchanged");
        dry.ShouldContain("short_name, request_email, tags");
        (await CountAsync(added)).ShouldBe(0);

        var real = await UploadAsync(admin, csv, dryRun: false);
        real.ShouldContain("Imported: 1 to create, 1 to update");
        (await CountAsync(added)).ShouldBe(1);
        var updated = await InScopeAsync(s => s.GetRequiredService<FoiDbContext>().Set<Authority>().SingleAsync(a => a.Name == existing));
        updated.RequestEmail.ShouldBe("new@trust.example");
        updated.Tags.ShouldBe(["health"]);

        (await UploadAsync(admin, csv, dryRun: false)).ShouldContain("0 to create, 0 to update, 2 unchanged");
    }

    private async Task<int> CountAsync(string name) =>
        await InScopeAsync(s => s.GetRequiredService<FoiDbContext>().Set<Authority>().CountAsync(a => a.Name == name));

    private static async Task<string> UploadAsync(SiteClient admin, string csv, bool dryRun)
    {
        var (_, page, _) = await admin.GetAsync("/admin/authorities/import");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(SiteClient.TokenIn(page)), "__RequestVerificationToken" },
        };
        if (dryRun)
        {
            form.Add(new StringContent("true"), "dryRun");
        }
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv.Replace("\r\n", "\n", StringComparison.Ordinal)));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "authorities.csv");
        using var response = await admin.PostAsync("/admin/authorities/import", form);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await response.Content.ReadAsStringAsync();
    }
}
