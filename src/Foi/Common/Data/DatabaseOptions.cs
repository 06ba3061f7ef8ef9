using FluentValidation;

namespace Foi.Common.Data;

internal enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>Bound from the <c>Database</c> configuration section.</summary>
internal sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Empty for SQLite means <c>foi.db</c> in the data directory.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>False when the deployment runs <c>foi db migrate</c> itself before starting the new version.</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>How long the change feed keeps a change; a search index further behind than this rebuilds.</summary>
    public TimeSpan ChangesKeptFor { get; set; } = TimeSpan.FromDays(30);
}

internal sealed class DatabaseOptionsValidator : AbstractValidator<DatabaseOptions>
{
    public DatabaseOptionsValidator()
    {
        RuleFor(d => d.ConnectionString).NotEmpty().When(d => d.Provider == DatabaseProvider.Postgres)
            .WithMessage("must be set when Database:Provider is Postgres, such as Host=127.0.0.1;Database=foi;Username=foi");
        RuleFor(d => d.ChangesKeptFor).GreaterThanOrEqualTo(TimeSpan.FromHours(1)).WithMessage("must be at least 01:00:00 (an hour)");
    }
}
