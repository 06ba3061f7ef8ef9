using Foi.Common.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Foi.Tests.Support;

/// <summary>
/// The real site over a fresh database of the given provider: a new SQLite file, or a new database on the
/// throwaway PostgreSQL server that <c>tests/run-all.sh</c> starts. Each factory has its own data directory.
/// </summary>
public sealed class FoiFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> settings;
    private readonly TimeProvider? timeProvider;

    internal FoiFactory(DatabaseProvider provider, IDictionary<string, string?>? overrides = null, TimeProvider? timeProvider = null)
    {
        Provider = provider;
        this.timeProvider = timeProvider;
        DataDirectory = Directory.CreateTempSubdirectory("foi-test-").FullName;
        settings = new Dictionary<string, string?>
        {
            ["Site:DataDirectory"] = DataDirectory,
            ["Site:BaseUrl"] = "http://localhost",
            ["Site:SeedDemoData"] = "false",
            ["Database:Provider"] = provider.ToString(),
            ["Database:ConnectionString"] = provider == DatabaseProvider.Postgres ? TestDatabases.NewPostgresDatabase() : "",
            ["Mail:AddressSecret"] = "test-secret-for-request-addresses",
            ["Mail:IncomingDomain"] = "foi.test",
            ["Jobs:Enabled"] = "false",
            // Written by the test that needs it, with the verb; not by every test site a few minutes in.
            ["Requests:DumpEveryHours"] = "0",
            // Every test visitor is the same client to the site; tests of the limits set them back.
            ["Spam:Limits:SignUpsPerIpPerHour"] = "100000",
            ["Spam:Limits:AnonymousDraftsPerIpPerHour"] = "100000",
            ["Accounts:SignInAttemptsPerClient"] = "100000",
            ["Accounts:ResetRequestsPerClientPerHour"] = "100000",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
    }

    internal DatabaseProvider Provider { get; }

    /// <summary>The settings the site runs with, for a process of the program started beside it on the same database.</summary>
    internal IReadOnlyDictionary<string, string?> Settings => settings;

    public string DataDirectory { get; }

    public string PickupDirectory => Path.Combine(DataDirectory, "mail-outbox");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in settings)
        {
            // UseSetting reaches the configuration that Program reads before Build(), unlike ConfigureAppConfiguration.
            builder.UseSetting(key, value);
        }
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(settings));
        builder.ConfigureServices(services => services.AddTransient<Microsoft.AspNetCore.Hosting.IStartupFilter, TestClientAddress>());
        if (timeProvider is not null)
        {
            builder.ConfigureServices(services => services.Replace(ServiceDescriptor.Singleton(timeProvider)));
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a closing connection; the temp folder is cleaned by the OS.
        }
    }
}

/// <summary>
/// The in-memory test server has no client address; a test that plays several clients (an attacker and the owner on
/// other networks) names its own with the <c>X-Test-Client</c> header. Only the test host has this filter.
/// </summary>
internal sealed class TestClientAddress : Microsoft.AspNetCore.Hosting.IStartupFilter
{
    public const string Header = "X-Test-Client";

    public Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> Configure(Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> next) => app =>
    {
        app.Use(nextMiddleware => context =>
        {
            if (System.Net.IPAddress.TryParse(context.Request.Headers[Header].ToString(), out var address))
            {
                context.Connection.RemoteIpAddress = address;
            }
            return nextMiddleware(context);
        });
        next(app);
    };
}
