using Foi.Common.Data;
using Foi.Modules.Mail.Domain;

namespace Foi.Modules.Mail.ReadMailLogs;

/// <summary>One current MTA log as this node sees it: how much of it is not read yet, and when it was last read.</summary>
internal sealed record MailLogBacklogEntry(string Path, long UnreadBytes, DateTimeOffset? LastReadAt, string? Problem);

/// <summary>What the import has not read yet, for the readiness check and the metrics.</summary>
internal static class MailLogBacklog
{
    public static async Task<IReadOnlyList<MailLogBacklogEntry>> ReadAsync(FoiDbContext db, IEnumerable<string> patterns, CancellationToken cancellationToken)
    {
        var entries = new List<MailLogBacklogEntry>();
        foreach (var path in MailLogImporter.Expand(patterns).Where(p => !LogFileReader.IsFinished(p)))
        {
            string? identity;
            long length;
            try
            {
                identity = LogFileReader.Identity(path);
                length = new FileInfo(path).Length;
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                entries.Add(new MailLogBacklogEntry(path, 0, null, exception.Message));
                continue;
            }
            if (identity is null)
            {
                continue; // not one complete line yet
            }
            var state = await db.Set<MailLogFile>().FindAsync([identity], cancellationToken);
            entries.Add(new MailLogBacklogEntry(path, Math.Max(0, length - (state?.Offset ?? 0)), state?.UpdatedAt, null));
        }
        return entries;
    }
}
