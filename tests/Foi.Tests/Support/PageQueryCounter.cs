using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Foi.Tests.Support;

/// <summary>
/// Counts the SQL commands the site runs to answer one page. Each call sends its own W3C trace id; ASP.NET Core makes
/// the request's activity a child of it, and EF Core's commands run within that activity, so commands of background
/// work or of other tests' requests are not counted.
/// </summary>
internal sealed class PageQueryCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly IDisposable allListeners;
    private readonly List<IDisposable> subscriptions = [];
    private readonly ConcurrentDictionary<ActivityTraceId, int> counts = new();

    public PageQueryCounter()
    {
        allListeners = DiagnosticListener.AllListeners.Subscribe(this);
    }

    /// <summary>GETs <paramref name="url"/> as <paramref name="client"/> and says how many commands answering it took.</summary>
    public async Task<(int Queries, HttpStatusCode Status, string Html)> GetAsync(SiteClient client, string url)
    {
        var trace = ActivityTraceId.CreateRandom();
        counts[trace] = 0;
        using var message = new HttpRequestMessage(HttpMethod.Get, url);
        message.Headers.Add("traceparent", $"00-{trace.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        using var response = await client.SendAsync(message);
        var html = await response.Content.ReadAsStringAsync();
        counts.TryRemove(trace, out var queries);
        return (queries, response.StatusCode, html);
    }

    public void OnNext(DiagnosticListener value)
    {
        // Listening to ASP.NET Core's events is what makes it start an activity for each request.
        if (value.Name is "Microsoft.AspNetCore" || value.Name == DbLoggerCategory.Name)
        {
            lock (subscriptions)
            {
                subscriptions.Add(value.Subscribe(this));
            }
        }
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key == RelationalEventId.CommandExecuted.Name && Activity.Current is { } activity && counts.ContainsKey(activity.TraceId))
        {
            counts.AddOrUpdate(activity.TraceId, 1, (_, n) => n + 1);
        }
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void Dispose()
    {
        allListeners.Dispose();
        lock (subscriptions)
        {
            subscriptions.ForEach(s => s.Dispose());
        }
    }
}
