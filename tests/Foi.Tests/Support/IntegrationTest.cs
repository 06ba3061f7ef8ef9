using Foi.Common.Data;
using Foi.Modules.Users.MakeAdmin;
using Microsoft.Extensions.DependencyInjection;

namespace Foi.Tests.Support;

/// <summary>
/// Base of the integration fixtures: each runs once on SQLite and once on PostgreSQL, over a fresh database
/// that its tests share. Tests make their own accounts and authorities with unique names, so they do not collide.
/// </summary>
[TestFixtureSource(typeof(TestDatabases), nameof(TestDatabases.Providers))]
internal abstract class IntegrationTest(DatabaseProvider provider)
{
    private readonly List<SiteClient> clients = [];

    protected FoiFactory Site { get; private set; } = null!;

    protected DatabaseProvider Provider { get; } = provider;

    protected virtual IDictionary<string, string?>? Settings => null;

    protected virtual TimeProvider? Time => null;

    [OneTimeSetUp]
    public void StartSite()
    {
        Site = new FoiFactory(Provider, Settings, Time);
        _ = Site.Services; // builds the host now, so a broken start fails here and not in the first test
    }

    [OneTimeTearDown]
    public async Task StopSite()
    {
        foreach (var client in clients)
        {
            client.Dispose();
        }
        if (Site is not null)
        {
            await Site.DisposeAsync();
        }
    }

    protected SiteClient NewVisitor()
    {
        var client = new SiteClient(Site);
        clients.Add(client);
        return client;
    }

    protected static string UniqueEmail(string who = "user") => $"{who}-{Guid.NewGuid():N}@people.test";

    protected async Task<SiteClient> SignedInCitizenAsync(string name = "Alice Citizen")
    {
        var visitor = NewVisitor();
        await visitor.SignUpAsync(name, UniqueEmail());
        return visitor;
    }

    protected async Task<SiteClient> SignedInAdminAsync()
    {
        var visitor = NewVisitor();
        var email = UniqueEmail("admin");
        await visitor.SignUpAsync("Ada Admin", email);
        await using (var scope = Site.Services.CreateAsyncScope())
        {
            var error = await scope.ServiceProvider.GetRequiredService<MakeAdminHandler>().HandleAsync(email);
            Assert.That(error, Is.Null);
        }
        return visitor; // the role takes effect on the next request
    }

    /// <summary>The search page's HTML for the query, as an anonymous visitor gets it.</summary>
    protected async Task<string> SearchAsync(string query) => (await NewVisitor().GetAsync($"/search?q={Uri.EscapeDataString(query)}")).Html;

    /// <summary>Polls the search page: the index follows the database through the change feed within seconds.</summary>
    protected async Task EventuallyAsync(string query, string slug, bool found)
    {
        for (var attempt = 0; attempt < 60; attempt++)
        {
            if ((await SearchAsync(query)).Contains($"/request/{slug}", StringComparison.Ordinal) == found)
            {
                return;
            }
            await Task.Delay(250);
        }
        Assert.Fail($"Searching '{query}' should {(found ? "" : "not ")}find {slug} within 15 seconds.");
    }

    protected async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Site.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }
}
