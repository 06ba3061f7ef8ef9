using System.CommandLine;
using Foi.Common.Data;

namespace Foi.Common.Cli;

/// <summary>
/// The verbs of <c>foi</c>. With no verb the program serves the site; with one it runs that task against the
/// same configuration and database, without starting the web server or the scheduler.
/// </summary>
internal static class FoiCommandLine
{
    /// <summary>A verb, or a request for help: anything else (none, or options such as --urls) starts the site.</summary>
    public static bool IsCommand(string[] args) =>
        args.Length > 0 && (!args[0].StartsWith('-') || args[0] is "--help" or "-h" or "-?" or "--version");

    /// <summary>
    /// Separates configuration given on the command line (<c>--Site:DataDirectory=/srv/foi</c> or
    /// <c>--Site:DataDirectory /srv/foi</c>: a key with a section) from the verb and its own arguments.
    /// </summary>
    public static (string[] Settings, string[] Verb) SplitSettings(string[] args)
    {
        var settings = new List<string>();
        var verb = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var key = args[i].Split('=', 2)[0];
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || !key.Contains(':', StringComparison.Ordinal))
            {
                verb.Add(args[i]);
                continue;
            }
            settings.Add(args[i]);
            if (key.Length == args[i].Length && i + 1 < args.Length)
            {
                settings.Add(args[++i]);
            }
        }
        return ([.. settings], [.. verb]);
    }

    /// <summary>Exit code for configuration the program cannot run with: 78 (EX_CONFIG), but the MTA's 75 for `mail receive`, which keeps the message.</summary>
    public static int ConfigurationExitCode(string[] verb) =>
        verb is ["mail", "receive", ..] ? 75 : 78;

    public static RootCommand Build(CliContext cli, IEnumerable<VerbSource> modules)
    {
        var root = new RootCommand("Foi: a Freedom of Information request site. Run with no verb to serve the site.");
        root.Subcommands.Add(DatabaseCommands(cli));
        foreach (var command in modules.SelectMany(module => module.Verbs(cli)))
        {
            root.Subcommands.Add(command);
        }
        return root;
    }

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error, Func<Stream>? input = null)
    {
        var migrated = false;
        var cli = new CliContext(services, () =>
        {
            // Every verb works on an up-to-date schema, like the site does after starting.
            if (!migrated && args[0] is not ("db" or "theme" or "backup" or "restore") && !(args.Length > 1 && ((args[0] == "mail-logs" && args[1] == "parse") || (args[0] == "spam" && args[1] == "score"))))
            {
                DatabaseSetup.MigrateAsync(services, CancellationToken.None).GetAwaiter().GetResult();
                migrated = true;
            }
            return services;
        }, output, error, input);
        var parse = Build(cli, services.GetServices<VerbSource>()).Parse(args);
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // One clear line for the user; the detail goes to the log.
            cli.Log(exception, "Foi.Cli", $"Command failed: {string.Join(' ', args)}");
            await error.WriteLineAsync($"foi: {exception.GetBaseException().Message}");
            return FailureExitCode(args);
        }
    }

    /// <summary>
    /// The exit code of a verb that failed before or outside its own error handling. An MTA reads that of
    /// `mail receive`: 75 (EX_TEMPFAIL) keeps the message and tries again, anything else bounces it to its sender.
    /// </summary>
    public static int FailureExitCode(string[] args) =>
        args is ["mail", "receive", ..] ? 75 : 70; // EX_TEMPFAIL : EX_SOFTWARE

    private static Command DatabaseCommands(CliContext cli)
    {
        var migrate = new Command("migrate", "Create the database if needed and apply every pending migration");
        migrate.SetAction(async (_, cancellationToken) =>
        {
            var applied = await DatabaseSetup.MigrateAsync(cli.Services, cancellationToken);
            await cli.Output.WriteLineAsync(applied.Count == 0
                ? "The database is up to date."
                : $"Applied {applied.Count} migration(s): {string.Join(", ", applied)}.");
            return 0;
        });
        return new Command("db", "Database tasks") { migrate };
    }
}
