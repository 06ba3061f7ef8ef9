using System.IO.Compression;
using System.Text.Json;
using Foi.Common.Data;
using Foi.Modules.Requests.Domain;
using Foi.Modules.Users.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Requests.PersonalData;

/// <summary>
/// A person's part of the Requests module for their data download: their requests (hidden ones too) with every
/// letter and reply as stored, the attachments' names and text, their comments and what they follow.
/// </summary>
internal sealed class RequesterData(FoiDbContext db) : IPersonalDataSource
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public async Task WriteAsync(int userId, ZipArchive archive, CancellationToken cancellationToken)
    {
        var requests = await db.Set<InfoRequest>().AsNoTracking().Where(r => r.UserId == userId).OrderBy(r => r.CreatedAt).ToListAsync(cancellationToken);
        var requestIds = requests.Select(r => r.Id).ToList();
        var messages = (await db.Set<RequestMessage>().AsNoTracking().Where(m => requestIds.Contains(m.RequestId)).OrderBy(m => m.CreatedAt).ThenBy(m => m.Id)
            .ToListAsync(cancellationToken)).ToLookup(m => m.RequestId);
        var messageIds = messages.SelectMany(g => g).Select(m => m.Id).ToList();
        var attachments = (await db.Set<RequestAttachment>().AsNoTracking().Where(a => messageIds.Contains(a.RequestMessageId)).OrderBy(a => a.Index)
            .ToListAsync(cancellationToken)).ToLookup(a => a.RequestMessageId);
        await WriteAsync(archive, "requests.json", requests.Select(r => new
        {
            r.Title,
            url = $"/request/{r.Slug}",
            status = r.State.ToString(),
            made = r.CreatedAt,
            due = r.DueDate,
            hidden = r.HiddenReason,
            correspondence = messages[r.Id].Select(m => new
            {
                direction = m.Direction.ToString().ToLowerInvariant(),
                sent = m.CreatedAt,
                from = m.FromName,
                m.Subject,
                m.Body,
                attachments = attachments[m.Id].Select(a => new { a.FileName, a.ContentType, a.Size, a.Text, url = $"/request/{r.Slug}/attachments/{m.Id}/{a.Index}/{Uri.EscapeDataString(a.FileName)}?original=true" }),
            }),
        }), cancellationToken);
        var comments = await db.Set<Comment>().AsNoTracking().Where(c => c.UserId == userId).OrderBy(c => c.CreatedAt)
            .Join(db.Set<InfoRequest>(), c => c.RequestId, r => r.Id, (c, r) => new { request = "/request/" + r.Slug, c.Body, written = c.CreatedAt, hidden = c.HiddenAt != null })
            .ToListAsync(cancellationToken);
        await WriteAsync(archive, "comments.json", comments, cancellationToken);
        var follows = await db.Set<Follow>().AsNoTracking().Where(f => f.UserId == userId)
            .Select(f => new { kind = f.Kind.ToString(), f.TargetId, f.Query, since = f.CreatedAt }).ToListAsync(cancellationToken);
        await WriteAsync(archive, "follows.json", follows, cancellationToken);
    }

    private static async Task WriteAsync<T>(ZipArchive archive, string name, T value, CancellationToken cancellationToken)
    {
        await using var stream = archive.CreateEntry(name).Open();
        await JsonSerializer.SerializeAsync(stream, value, Json, cancellationToken);
    }
}
