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
        var jobs = services.AddSettings<JobsOptions>(configuration, JobsOptions.Section);
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
                    store.UseClustering(clustering => clustering.CheckinInterval = TimeSpan.FromSeconds(15));
                    store.ProvisionSchema();
                });
            }
            foreach (var addJobs in moduleJobs)
            {
                addJobs(quartz, services);
            }
        });
        if (jobs.Enabled && !isCommand)
        {
            services.AddQuartzHostedService(options => options.WaitForJobsToComplete = true);
        }
        return services;
    }
}

/// <summary>The <c>Jobs</c> section.</summary>
internal sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>False on a node that should serve pages only (or in tests); another node or process runs the jobs.</summary>
    public bool Enabled { get; set; } = true;
}
