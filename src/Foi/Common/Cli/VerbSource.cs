using System.CommandLine;

namespace Foi.Common.Cli;

/// <summary>A module's verbs, registered by the module: the command line lists them without knowing any module.</summary>
internal sealed record VerbSource(Func<CliContext, IEnumerable<Command>> Verbs);

internal static class VerbSourceRegistration
{
    public static IServiceCollection AddVerbs(this IServiceCollection services, Func<CliContext, IEnumerable<Command>> verbs) =>
        services.AddSingleton(new VerbSource(verbs));
}
