using Foi.Common.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Shouldly;

namespace Foi.Tests.Unit;

internal sealed class EventPublisherTests
{
    private sealed record Happened(string What);

    private sealed class Recorder(List<string> log, string name, bool fail) : IEventHandler<Happened>
    {
        public Task HandleAsync(Happened domainEvent, CancellationToken cancellationToken)
        {
            log.Add($"{name}:{domainEvent.What}");
            return fail ? throw new InvalidOperationException("boom") : Task.CompletedTask;
        }
    }

    [Test]
    public async Task Every_handler_runs_even_when_one_fails()
    {
        var log = new List<string>();
        var services = new ServiceCollection()
            .AddSingleton<IEventHandler<Happened>>(new Recorder(log, "first", fail: true))
            .AddSingleton<IEventHandler<Happened>>(new Recorder(log, "second", fail: false))
            .BuildServiceProvider();

        var allSucceeded = await new EventPublisher(services, NullLogger<EventPublisher>.Instance).PublishAsync(new Happened("x"), CancellationToken.None);

        log.ShouldBe(["first:x", "second:x"]);
        allSucceeded.ShouldBeFalse();
    }
}
