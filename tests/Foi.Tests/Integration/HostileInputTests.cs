using System.Net;
using System.Text.RegularExpressions;
using Foi.Common.Data;
using Foi.Modules.Users.Domain;
using Foi.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;

namespace Foi.Tests.Integration;

/// <summary>
/// Every form the site shows, each field in turn filled with what an attacker types: the answer is a page with field
/// errors or a 4xx, never a server error, on both databases.
/// </summary>
internal sealed partial class HostileInputTests(DatabaseProvider provider) : IntegrationTest(provider)
{
    private static readonly string[] HostileValues =
    [
        "nul\0byte",
        new string('x', 200_000),
        "not-a-number",
        "99999999999999999999999",
        "-2147483649",
        "true,false",
        "<script>alert(1)</script>",
        "2026-13-45",
        "%00%ff\u202e",
    ];

    [Test]
    public async Task No_form_answers_a_hostile_field_with_a_server_error()
    {
        var request = await RequestFixtures.FileAsync(Site);
        var citizenEmail = UniqueEmail("target");
        await NewVisitor().SignUpAsync("Tara Target", citizenEmail);
        var citizenId = await InScopeAsync(async s => (await s.GetRequiredService<UserManager<User>>().FindByEmailAsync(citizenEmail))!.Id);
        var admin = await SignedInAdminAsync();
        var pages = new[]
        {
            "/sign-in", "/sign-up", "/forgot-password", "/reset-password?user=1&token=x", "/account/password", "/account/profile",
            $"/new/{request.AuthoritySlug}", $"/request/{request.Slug}", $"/request/{request.Slug}/follow-up",
            $"/admin/requests/{request.Slug}/hide", "/admin/authorities/new", "/admin/holding-pen", "/admin/spam",
            "/admin/spam/lists", $"/admin/users/{citizenId}", "/admin/holidays", "/help/contact",
        };

        var submissions = 0;
        var failures = new List<string>();
        foreach (var page in pages)
        {
            var (_, html, _) = await admin.GetAsync(page);
            foreach (var form in FormsIn(html, page))
            {
                if (form.Action.EndsWith("/sign-out", StringComparison.Ordinal))
                {
                    continue;
                }
                foreach (var field in form.Fields.Keys.Where(k => k != "__RequestVerificationToken"))
                {
                    foreach (var value in HostileValues)
                    {
                        var fields = new Dictionary<string, string>(form.Fields) { [field] = value };
                        using var content = new FormUrlEncodedContent(fields);
                        using var response = await admin.PostAsync(form.Action, content);
                        submissions++;
                        if ((int)response.StatusCode >= 500)
                        {
                            failures.Add($"{form.Action} {field}={Shown(value)}: {(int)response.StatusCode}");
                        }
                    }
                }
            }
        }
        TestContext.Out.WriteLine($"{submissions} hostile submissions on {Provider}");
        submissions.ShouldBeGreaterThan(300);
        failures.ShouldBeEmpty();
    }

    [Test]
    public async Task No_query_string_answers_a_hostile_value_with_a_server_error()
    {
        var request = await RequestFixtures.FileAsync(Site);
        var visitor = NewVisitor();
        var failures = new List<string>();
        foreach (var page in new[] { "/search?q=", "/search?sort=", "/search?from=", "/search?page=", "/authorities?tag=", "/authorities?letter=", "/authorities?q=", "/list?page=", "/list?status=", $"/request/{request.Slug}?page=", "/sign-in?returnUrl=", "/confirm-email?user=1&token=" })
        {
            foreach (var value in HostileValues.Where(v => v.Length < 10_000))
            {
                var (status, _, _) = await visitor.GetAsync(page + Uri.EscapeDataString(value));
                if ((int)status >= 500)
                {
                    failures.Add($"{page}{Shown(value)}: {(int)status}");
                }
            }
        }
        failures.ShouldBeEmpty();
    }

    [Test]
    public async Task A_sign_in_with_a_remember_me_that_is_not_a_boolean_shows_the_form_again()
    {
        var visitor = NewVisitor();
        var (status, html, _) = await visitor.PostFormAsync("/sign-in", new Dictionary<string, string>
        {
            ["Email"] = "someone@people.test", ["Password"] = "whatever it is", ["RememberMe"] = new string('y', 100_000),
        });
        status.ShouldBe(HttpStatusCode.OK);
        html.ShouldNotContain(new string('y', 1000));
    }

    private static string Shown(string value) => value.Length > 30 ? $"{value[..10]}...({value.Length} chars)" : value.Replace("\0", "\\0", StringComparison.Ordinal);

    private static IEnumerable<(string Action, Dictionary<string, string> Fields)> FormsIn(string html, string page)
    {
        foreach (Match form in FormPattern().Matches(html))
        {
            var action = WebUtility.HtmlDecode(form.Groups["action"].Success ? form.Groups["action"].Value : page);
            var fields = new Dictionary<string, string>();
            foreach (Match input in FieldPattern().Matches(form.Value))
            {
                var name = WebUtility.HtmlDecode(input.Groups["name"].Value);
                fields.TryAdd(name, ValuePattern().Match(input.Value) is { Success: true } value ? WebUtility.HtmlDecode(value.Groups[1].Value) : "1");
            }
            yield return (action.Split('#')[0], fields);
        }
    }

    [GeneratedRegex("<form\\b(?=[^>]*\\bmethod=\"post\")(?:[^>]*\\baction=\"(?<action>[^\"]*)\")?[^>]*>.*?</form>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex FormPattern();

    [GeneratedRegex("<(?:input|textarea|select)\\b[^>]*\\bname=\"(?<name>[^\"]+)\"[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex FieldPattern();

    [GeneratedRegex("\\bvalue=\"([^\"]*)\"")]
    private static partial Regex ValuePattern();
}
