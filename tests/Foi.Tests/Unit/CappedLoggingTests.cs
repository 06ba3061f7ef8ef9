using Foi.Common.Web;
using Microsoft.Extensions.Logging;
using Shouldly;

namespace Foi.Tests.Unit;

internal sealed class CappedLoggingTests
{
    private sealed class Collecting : ILogger
    {
        public List<(string Message, string? Exception)> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add((formatter(state, exception), exception?.ToString()));
    }

    [Test]
    public void A_megabyte_typed_by_a_visitor_is_cut_in_the_message_and_in_the_exception()
    {
        var inner = new Collecting();
        ILogger logger = new CappedLogger(inner);
        var typed = new string('y', 1_000_000);

        logger.LogError(new FormatException($"String '{typed}' was not recognized as a valid Boolean."), "Posted {Value}", typed);

        var (message, exception) = inner.Lines.Single();
        message.Length.ShouldBeLessThan(CappedLogging.MaxLength + 100);
        message.ShouldStartWith("Posted yyy");
        message.ShouldContain("more characters cut");
        exception!.Length.ShouldBeLessThan(CappedLogging.MaxLength + 100);
        exception.ShouldContain("FormatException");
    }

    [Test]
    public void A_short_line_is_logged_as_it_is()
    {
        var inner = new Collecting();
        var original = new InvalidOperationException("short");
        new CappedLogger(inner).LogWarning(original, "Mail {Id} held", 42);
        inner.Lines.Single().Message.ShouldBe("Mail 42 held");
        inner.Lines.Single().Exception.ShouldBe(original.ToString());
    }
}
