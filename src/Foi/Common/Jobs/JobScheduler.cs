using FluentValidation;
using Foi.Common.Site;
using Foi.Common.Data;
using Quartz;

namespace Foi.Common.Jobs;

/// <summary>
/// The scheduled jobs' home: Quartz with an in-memory schedule on SQLite, the clustered store on PostgreSQL so that
/// several nodes share one schedule. Each module says which jobs it has; the scheduler runs them only in the site (a
/// verb runs its own task, never the schedule) and only when <c>Jobs:Enabled</c> is not false.
/// </summary>
internal static class JobScheduler
{
    public static IServiceCollection AddJobScheduler(this IServiceCollection services, IConfiguration configuration, bool isCommand,
        params Action<IQuartzBuilder, IServiceCollection>[] moduleJobs)
    {
        var database = services.Registered<DatabaseOptions>();
        var jobs = services.AddSettings(configuration, JobsOptions.Section, new JobsOptionsValidator());
        services.AddSingleton<JobRuns>();
        services.AddQuartz(quartz =>
        {
            quartz.AddJobListener(provider => provider.GetRequiredService<JobRuns>());
            if (database.Provider == DatabaseProvider.Postgres)
            {
                // Each job runs on one node at a time, and a dead node's work is taken over.
                quartz.ConfigureScheduler(scheduler => scheduler.GenerateInstanceId = true);
                quartz.UsePersistentStore(store =>
                {
                    store.UsePostgres(database.ConnectionString!);
                    store.UseSystemTextJsonSerializer();
                    store.UseClustering(clustering => clustering.CheckinInterval = jobs.ClusterCheckinInterval);
                    store.ProvisionSchema();
                });
            }
            foreach (var addJobs in moduleJobs)
            {
                addJobs(quartz, services);
            }
        });
        // A node that starts leaves the shared schedule as it is: replacing a trigger another node is firing would
        // fire it again, and starting it afresh at each restart would keep a daily job from ever running on a site
        // restarted daily. A schedule whose interval the configuration changed is replaced by KeepSchedulesCurrent.
        services.Configure<QuartzOptions>(options =>
        {
            options.Scheduling.OverwriteExistingData = false;
            options.Scheduling.IgnoreDuplicates = true;
        });
        if (jobs.Enabled && !isCommand)
        {
            services.AddQuartzHostedService(options => options.WaitForJobsToComplete = true);
            services.AddHostedService<KeepSchedulesCurrent>();
        }
        return services;
    }
}

/// <summary>How modules put their jobs on the schedule.</summary>
internal static class JobSchedules
{
    /// <summary>
    /// The job, and one trigger named after it that fires every <paramref name="interval"/>, first after
    /// <paramref name="firstAfter"/>. The fixed name matters: every node registers the schedule when it starts, and
    /// with the random name Quartz gives an unnamed trigger each start would add one more trigger to the shared store,
    /// each firing the job again.
    /// </summary>
    public static void Every<TJob>(this IQuartzBuilder quartz, JobKey key, TimeSpan interval, TimeSpan firstAfter)
        where TJob : IJob
    {
        quartz.AddJob<TJob>(job => job.WithIdentity(key));
        quartz.Services.AddSingleton(new JobSchedule(key, interval, firstAfter));
        quartz.AddTrigger(trigger => trigger
            .WithIdentity(key.Name, key.Group)
            .ForJob(key)
            .StartAt(DateTimeOffset.UtcNow.Add(firstAfter))
            .WithSimpleSchedule(schedule => schedule.WithInterval(interval).RepeatForever()));
    }
}

/// <summary>A job's schedule as the configuration wants it.</summary>
internal sealed record JobSchedule(JobKey Job, TimeSpan Interval, TimeSpan FirstAfter);

/// <summary>
/// When the site starts, replaces a stored trigger whose interval is not the configured one (an operator changed
/// <c>Mail:Logs:IntervalSeconds</c>); a trigger that matches is left alone, whichever node is firing it.
/// </summary>
internal sealed class KeepSchedulesCurrent(ISchedulerFactory schedulers, IEnumerable<JobSchedule> schedules, ILogger<KeepSchedulesCurrent> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        foreach (var schedule in schedules)
        {
            var key = new TriggerKey(schedule.Job.Name, schedule.Job.Group);
            if (await scheduler.GetTrigger(key, cancellationToken) is not ISimpleTrigger stored || stored.RepeatInterval == schedule.Interval)
            {
                continue;
            }
            var replacement = TriggerBuilder.Create()
                .WithIdentity(key)
                .ForJob(schedule.Job)
                .StartAt(DateTimeOffset.UtcNow.Add(schedule.FirstAfter))
                .WithSimpleSchedule(simple => simple.WithInterval(schedule.Interval).RepeatForever())
                .Build();
            await scheduler.RescheduleJob(key, replacement, cancellationToken);
            logger.LogInformation("Job {Job} rescheduled: every {Interval} instead of every {Stored}", schedule.Job.Name, schedule.Interval, stored.RepeatInterval);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>The <c>Jobs</c> section.</summary>
internal sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>False on a node that should serve pages only (or in tests); another node or process runs the jobs.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// On PostgreSQL, how often each node tells the others it is alive; a node silent for about twice this long is
    /// taken for dead and its jobs are run by another.
    /// </summary>
    public TimeSpan ClusterCheckinInterval { get; set; } = TimeSpan.FromSeconds(15);
}

internal sealed class JobsOptionsValidator : AbstractValidator<JobsOptions>
{
    public JobsOptionsValidator() =>
        RuleFor(j => j.ClusterCheckinInterval).InclusiveBetween(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5))
            .WithMessage("must be between 00:00:01 and 00:05:00");
}
