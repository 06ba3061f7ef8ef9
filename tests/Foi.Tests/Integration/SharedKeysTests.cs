using System.Net;
using Foi.Common.Data;
using Foi.Tests.Support;
using Shouldly;

namespace Foi.Tests.Integration;

/// <summary>
/// The keys behind sign-in cookies and form tokens live in the database: a second node (or the same site started
/// again with an empty data directory) on the same database accepts a visitor signed in on the first.
/// </summary>
internal sealed class SharedKeysTests(DatabaseProvider provider) : IntegrationTest(provider)
{
    [Test]
    public async Task A_sign_in_on_one_node_holds_on_another_node_with_a_data_directory_of_its_own()
    {
        var visitor = NewVisitor();
        await visitor.SignUpAsync("Nora Node", UniqueEmail());
        (await visitor.GetAsync("/account/profile")).Status.ShouldBe(HttpStatusCode.OK);

        var sameDatabase = Provider == DatabaseProvider.Sqlite
            ? $"Data Source={Path.Combine(Site.DataDirectory, "foi.db")}"
            : Site.Settings["Database:ConnectionString"];
        await using var otherNode = new FoiFactory(Provider, new Dictionary<string, string?> { ["Database:ConnectionString"] = sameDatabase });
        using var sameVisitorThere = new SiteClient(otherNode);
        sameVisitorThere.UseCookiesOf(visitor);

        var (status, _, location) = await sameVisitorThere.GetAsync("/account/profile");
        status.ShouldBe(HttpStatusCode.OK, $"the other node sent the visitor to {location}");
    }
}
