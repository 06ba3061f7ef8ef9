namespace Foi.Common.Cli;

/// <summary>
/// What a command-line verb needs: the site's services (the database migrated on first use) and where to write.
/// <see cref="Log"/> reaches only the logging services, so a verb's failure handler can report a database failure
/// without touching the database again.
/// </summary>
internal sealed class CliContext(IServiceProvider root, Func<IServiceProvider> migrated, TextWriter output, TextWriter error, Func<Stream>? input = null)
{
    /// <summary>Standard input, e.g. the message an MTA pipes to `foi mail receive`.</summary>
    public Stream OpenInput() => input?.Invoke() ?? Console.OpenStandardInput();

    /// <summary>True when a person watches the output, so a progress bar makes sense.</summary>
    public bool Interactive => ReferenceEquals(Output, Console.Out) && !Console.IsOutputRedirected;

    public TextWriter Output { get; } = output;

    public TextWriter Error { get; } = error;

    public AsyncServiceScope CreateScope() => migrated().CreateAsyncScope();

    public IServiceProvider Services => migrated();

    /// <summary>Services that need no database (configuration, options, logging): safe in a failure handler.</summary>
    public IServiceProvider Root => root;

    public void Log(Exception exception, string category, string message) =>
        root.GetService<ILoggerFactory>()?.CreateLogger(category).LogError(exception, "{Message}", message);
}
