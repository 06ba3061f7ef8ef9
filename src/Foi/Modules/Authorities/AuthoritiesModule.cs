using System.CommandLine;
using Foi.Common.Cli;
using Foi.Modules.Authorities.Contracts;
using Foi.Modules.Authorities.DemoData;
using Foi.Modules.Authorities.ImportAuthorities;

namespace Foi.Modules.Authorities;

internal static class AuthoritiesModule
{
    public static IServiceCollection AddAuthorities(this IServiceCollection services)
    {
        services.AddVerbs(Commands);
        services.AddScoped<IAuthorityDirectory, AuthorityDirectory>();
        services.AddScoped<IAuthoritySearchSource, AuthoritySearchSource>();
        services.AddScoped<ApiKeys.AuthorityApiKeys>();
        services.AddScoped<IAuthorityApiKeys>(provider => provider.GetRequiredService<ApiKeys.AuthorityApiKeys>());
        services.AddSingleton<Foi.Common.Data.IChangeTopic, AuthorityChangeTopic>();
        services.AddScoped<AuthorityCsvImport>();
        services.AddScoped<EditAuthority.AuthorityEditor>();
        services.AddScoped<DemoAuthorities>();
        return services;
    }

    /// <summary>A handful of authorities for a fresh demo site; nothing when any exists.</summary>
    public static async Task SeedDemoAuthoritiesAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DemoAuthorities>().SeedIfEmptyAsync(CancellationToken.None);
    }

    public static IEnumerable<Command> Commands(CliContext cli)
    {
        yield return new Command("authorities", "Manage public authorities") { ImportAuthorities.ImportAuthoritiesVerb.Build(cli) };
    }
}
