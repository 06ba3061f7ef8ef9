using Foi.Modules.Users.Domain;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Foi.Common.Data;

/// <summary>
/// The one database of the site. Each module owns its tables through the
/// <c>Modules/X/Data/*Configuration.cs</c> classes applied below; Identity's tables belong to Users.
/// </summary>
/// <remarks>
/// Migrations are kept per provider, each in its own context type and folder. After changing the model:
/// <code>
/// dotnet ef migrations add NAME --project src/Foi --context SqliteFoiDbContext --output-dir Common/Data/Migrations/Sqlite
/// dotnet ef migrations add NAME --project src/Foi --context PostgresFoiDbContext --output-dir Common/Data/Migrations/Postgres
/// </code>
/// </remarks>
internal abstract class FoiDbContext(DbContextOptions options)
    : IdentityDbContext<User, IdentityRole<int>, int>(options), IDataProtectionKeyContext
{
    /// <summary>The keys that protect sign-in cookies and form tokens: in the database, so every node reads the same.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(FoiDbContext).Assembly);
    }
}

internal sealed class SqliteFoiDbContext(DbContextOptions<SqliteFoiDbContext> options) : FoiDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot order or compare DateTimeOffset values natively; store them as UTC ticks.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToUtcTicksConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<DateTimeOffsetToUtcTicksConverter>();
    }
}

internal sealed class PostgresFoiDbContext(DbContextOptions<PostgresFoiDbContext> options) : FoiDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Npgsql stores timestamptz as UTC and refuses other offsets; a Date header of +01:00 is the same instant in UTC.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToUtcConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<DateTimeOffsetToUtcConverter>();
    }
}

internal sealed class DateTimeOffsetToUtcConverter()
    : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTimeOffset, DateTimeOffset>(
        value => value.ToUniversalTime(),
        value => value);

internal sealed class DateTimeOffsetToUtcTicksConverter()
    : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTimeOffset, long>(
        value => value.UtcTicks,
        ticks => new DateTimeOffset(ticks, TimeSpan.Zero));
