namespace Foi.Common.Cli;

/// <summary>What a command-line verb needs: the site's services (built on first use) and where to write.</summary>
internal sealed class CliContext(Func<IServiceProvider> services, TextWriter output, TextWriter error)
{
    public TextWriter Output { get; } = output;

    public TextWriter Error { get; } = error;

    public AsyncServiceScope CreateScope() => services().CreateAsyncScope();

    public IServiceProvider Services => services();
}
