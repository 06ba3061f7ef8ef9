using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Quartz;

namespace Foi.Common.Jobs;

/// <summary>How one job's last run on this node went.</summary>
internal sealed record JobRun(string Job, DateTimeOffset FinishedAt, TimeSpan Took, bool Failed, string Summary);

/// <summary>
/// Every scheduled job's run, seen from outside the job: one log line each (what it did, from the job's
/// <c>context.Result</c>, and how long it took), the last run per job for the readiness check, and the counts the
/// metrics report. A job only says what it did; it never logs its own run.
/// </summary>
internal sealed class JobRuns(TimeProvider time, ILogger<JobRuns> logger, IMeterFactory meters) : IJobListener
{
    private readonly ConcurrentDictionary<string, JobRun> last = new(StringComparer.Ordinal);
    private readonly Counter<long> runs = meters.Create(Metrics.SiteMetrics.MeterName).CreateCounter<long>("foi.jobs.runs",
        unit: "{run}", description: "Scheduled job runs on this node, by job and outcome (ok, failed)");
    private readonly Histogram<double> durations = meters.Create(Metrics.SiteMetrics.MeterName).CreateHistogram("foi.jobs.duration",
        unit: "s", description: "How long each scheduled job run took on this node",
        tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900] });

    public string Name => "foi-job-runs";

    public IReadOnlyCollection<JobRun> Last => [.. last.Values];

    public ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask JobExecutionVetoed(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default)
    {
        var took = context.JobRunTime;
        var job = context.JobDetail.Key.Name;
        var run = new JobRun(job, time.GetUtcNow(), took, jobException is not null, context.Result as string ?? "done");
        last[job] = run;
        if (jobException is null)
        {
            logger.LogInformation("Job {Job} due {DueAt:O} finished in {Milliseconds} ms: {Summary}", job, context.ScheduledFireTimeUtc, (long)took.TotalMilliseconds, run.Summary);
        }
        else
        {
            logger.LogError(jobException.InnerException ?? jobException, "Job {Job} due {DueAt:O} failed after {Milliseconds} ms", job, context.ScheduledFireTimeUtc, (long)took.TotalMilliseconds);
        }
        var tags = new TagList { { "job", job }, { "outcome", run.Failed ? "failed" : "ok" } };
        runs.Add(1, tags);
        durations.Record(took.TotalSeconds, tags);
        return ValueTask.CompletedTask;
    }
}
