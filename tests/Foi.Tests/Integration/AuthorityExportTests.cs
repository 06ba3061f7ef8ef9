using System.Net;
using Foi.Common.Data;
using Foi.Modules.Authorities.ImportAuthorities;
using Foi.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;

namespace Foi.Tests.Integration;

/// <summary>The authorities CSV: the import's columns, so an exported file imports back with nothing to change.</summary>
internal sealed class AuthorityExportTests(DatabaseProvider provider) : IntegrationTest(provider)
{
    [Test]
    public async Task An_exported_file_imports_back_unchanged()
    {
        var name = TestAuthorities.UniqueName("Quoting, \"Commas\" and Lines Council");
        var csvIn = $"name,short_name,request_email,home_page,tags,notes,law\n\"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\",QCL,foi@quoting.example,https://quoting.example,local_council scotland,\"Notes over\ntwo lines, with a comma\",eir\n";
        var first = await InScopeAsync(s => s.GetRequiredService<AuthorityCsvImport>().ImportAsync(new StringReader(csvIn), dryRun: false, CancellationToken.None));
        first.Errors.ShouldBeEmpty();

        var (status, csv, _) = await NewVisitor().GetAsync("/authorities.csv");
        status.ShouldBe(HttpStatusCode.OK);
        csv.ShouldStartWith("name,short_name,request_email,home_page,tags,notes,law");
        csv.ShouldContain(name.Replace("\"", "\"\"", StringComparison.Ordinal));

        var again = await InScopeAsync(s => s.GetRequiredService<AuthorityCsvImport>().ImportAsync(new StringReader(csv), dryRun: true, CancellationToken.None));
        again.Errors.ShouldBeEmpty();
        again.Changes.Where(c => c.Action != ImportAction.Unchanged).Select(c => $"{c.Name}: {string.Join(", ", c.ChangedFields)}").ShouldBeEmpty();
        again.Changes.Count.ShouldBeGreaterThanOrEqualTo(1);
    }
}
