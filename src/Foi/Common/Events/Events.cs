namespace Foi.Common.Events;

/// <summary>Handles one kind of in-process event. Handlers must be idempotent: an event can be re-driven after a crash.</summary>
internal interface IEventHandler<in TEvent>
{
    Task HandleAsync(TEvent domainEvent, CancellationToken cancellationToken);
}

/// <summary>Publishes an event to every registered handler, after the change it describes has been saved.</summary>
internal interface IEventPublisher
{
    /// <summary>Runs every handler; false if any failed (the publisher then keeps the work pending for its re-drive job).</summary>
    Task<bool> PublishAsync<TEvent>(TEvent domainEvent, CancellationToken cancellationToken);
}

internal sealed class EventPublisher(IServiceProvider services, ILogger<EventPublisher> logger) : IEventPublisher
{
    public async Task<bool> PublishAsync<TEvent>(TEvent domainEvent, CancellationToken cancellationToken)
    {
        var allSucceeded = true;
        foreach (var handler in services.GetServices<IEventHandler<TEvent>>())
        {
            try
            {
                await handler.HandleAsync(domainEvent, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The change is already saved; one failing handler must not stop the others.
                // Each module's re-drive job repairs what the handler left undone.
                logger.LogError(exception, "Event handler {Handler} failed for {Event}", handler.GetType().Name, typeof(TEvent).Name);
                allSucceeded = false;
            }
        }
        return allSucceeded;
    }
}
