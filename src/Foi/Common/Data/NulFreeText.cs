using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Foi.Common.Data;

/// <summary>
/// PostgreSQL refuses a NUL character in text, and SQLite cuts text at one in many tools: a NUL in a hostile mail's
/// subject or a mislabelled UTF-16 body must not make a message impossible to save. Every text written through the
/// context loses its NULs (the raw bytes of a mail keep the truth).
/// </summary>
internal sealed class NulFreeText : SaveChangesInterceptor
{
    public static readonly NulFreeText Instance = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Scrub(eventData.Context);
        return base.SavingChanges(eventData, result);
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Scrub(eventData.Context);
        return base.SavingChangesAsync(eventData, result, cancellationToken);
    }

    public static string? Clean(string? text) => text is not null && text.Contains('\0', StringComparison.Ordinal) ? text.Replace("\0", "", StringComparison.Ordinal) : text;

    private static void Scrub(DbContext? context)
    {
        if (context is null)
        {
            return;
        }
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified))
            {
                continue;
            }
            foreach (var property in entry.Properties)
            {
                if (property.CurrentValue is string text && text.Contains('\0', StringComparison.Ordinal))
                {
                    property.CurrentValue = Clean(text);
                }
            }
        }
    }
}
