namespace Foi.Common.Web;

/// <summary>
/// Log lines hold what visitors typed (a value in an exception's message, a subject, an address): a hostile visitor
/// could post a megabyte and have it written to the log on every try. Each message and exception text is cut at a cap.
/// </summary>
internal static class CappedLogging
{
    public const int MaxLength = 4000;

    /// <summary>Wraps every logging provider registered so far; call it after the last one is added.</summary>
    public static IServiceCollection CapLogMessages(this IServiceCollection services)
    {
        foreach (var descriptor in services.Where(d => d.ServiceType == typeof(ILoggerProvider) && !d.IsKeyedService).ToList())
        {
            services.Remove(descriptor);
            services.Add(ServiceDescriptor.Singleton<ILoggerProvider>(provider => new CappedLoggerProvider(descriptor switch
            {
                { ImplementationInstance: ILoggerProvider instance } => instance,
                { ImplementationFactory: { } factory } => (ILoggerProvider)factory(provider),
                _ => (ILoggerProvider)ActivatorUtilities.CreateInstance(provider, descriptor.ImplementationType!),
            })));
        }
        return services;
    }

    public static string Cap(string text) =>
        text.Length <= MaxLength ? text : string.Concat(text.AsSpan(0, MaxLength), $"... ({text.Length - MaxLength:N0} more characters cut)");
}

internal sealed class CappedLoggerProvider(ILoggerProvider inner) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new CappedLogger(inner.CreateLogger(categoryName));

    public void Dispose() => inner.Dispose();
}

internal sealed class CappedLogger(ILogger inner) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        inner.Log(logLevel, eventId, state, exception is not null && exception.ToString().Length > CappedLogging.MaxLength ? new CappedException(exception) : exception,
            (s, e) => CappedLogging.Cap(formatter(s, exception)));
}

/// <summary>An exception whose text was too long to log whole: its type, message and stack trace, cut.</summary>
internal sealed class CappedException(Exception original) : Exception(CappedLogging.Cap(original.Message))
{
    public override string? StackTrace => original.StackTrace;

    public override string ToString() => CappedLogging.Cap(original.ToString());
}
