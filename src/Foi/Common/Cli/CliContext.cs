namespace Foi.Common.Cli;

/// <summary>What a command-line verb needs: the site's services (built on first use) and where to write.</summary>
internal sealed class CliContext(Func<IServiceProvider> services, TextWriter output, TextWriter error, Func<Stream>? input = null)
{
    /// <summary>Standard input, e.g. the message an MTA pipes to `foi mail receive`.</summary>
    public Stream OpenInput() => input?.Invoke() ?? Console.OpenStandardInput();

    /// <summary>True when a person watches the output, so a progress bar makes sense.</summary>
    public bool Interactive => ReferenceEquals(Output, Console.Out) && !Console.IsOutputRedirected;

    public TextWriter Output { get; } = output;

    public TextWriter Error { get; } = error;

    public AsyncServiceScope CreateScope() => services().CreateAsyncScope();

    public IServiceProvider Services => services();
}
