using System.Text;
using System.Text.RegularExpressions;
using Foi.Common.Data;
using Foi.Common.Site;
using Foi.Modules.Authorities.Contracts;
using Foi.Modules.Requests.Contracts;
using Foi.Modules.Requests.Domain;
using Foi.Modules.Users.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Requests;

internal sealed partial class RequestSearchSource(FoiDbContext db, IAuthorityDirectory authorities, IUserDirectory users, Redaction.CensorRules censor, SiteClock clock) : IRequestSearchSource
{
    public async Task<IReadOnlyList<SearchableRequest>> PageAsync(int afterId, int limit, CancellationToken cancellationToken) =>
        await DescribeAsync(await db.Set<InfoRequest>().AsNoTracking()
            .Where(r => r.Id > afterId && r.State != RequestState.Vexatious && r.HiddenAt == null)
            .OrderBy(r => r.Id).Take(limit).ToListAsync(cancellationToken), cancellationToken);

    public async Task<IReadOnlyList<SearchableRequest>> FindAsync(IReadOnlyCollection<int> ids, CancellationToken cancellationToken) =>
        await DescribeAsync(await db.Set<InfoRequest>().AsNoTracking()
            .Where(r => ids.Contains(r.Id) && r.State != RequestState.Vexatious && r.HiddenAt == null)
            .OrderBy(r => r.Id).ToListAsync(cancellationToken), cancellationToken);

    public async Task<IReadOnlyList<int>> IdsToAuthoritiesAsync(IReadOnlyCollection<int> authorityIds, CancellationToken cancellationToken) =>
        await db.Set<InfoRequest>().AsNoTracking().Where(r => authorityIds.Contains(r.AuthorityId)).Select(r => r.Id).ToListAsync(cancellationToken);

    public async Task<IReadOnlyList<int>> IdsByRequestersAsync(IReadOnlyCollection<int> userIds, CancellationToken cancellationToken) =>
        await db.Set<InfoRequest>().AsNoTracking().Where(r => userIds.Contains(r.UserId)).Select(r => r.Id).ToListAsync(cancellationToken);

    private async Task<IReadOnlyList<SearchableRequest>> DescribeAsync(List<InfoRequest> requests, CancellationToken cancellationToken)
    {
        var ids = requests.Select(r => r.Id).ToList();
        // What an admin hid is not searchable: hidden messages with their attachments, and hidden attachments.
        var messages = (await db.Set<RequestMessage>().AsNoTracking().Where(m => ids.Contains(m.RequestId) && m.HiddenAt == null).ToListAsync(cancellationToken))
            .OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).ToLookup(m => m.RequestId);
        var messageIds = messages.SelectMany(g => g).Select(m => m.Id).ToList();
        var attachments = (await db.Set<RequestAttachment>().AsNoTracking().Where(a => messageIds.Contains(a.RequestMessageId) && a.HiddenAt == null).ToListAsync(cancellationToken))
            .ToLookup(a => a.RequestMessageId);
        var comments = (await db.Set<Comment>().AsNoTracking().Where(c => ids.Contains(c.RequestId) && c.HiddenAt == null && c.AuthorBannedAt == null).ToListAsync(cancellationToken))
            .OrderBy(c => c.CreatedAt).ToLookup(c => c.RequestId);
        var authorityById = await authorities.FindManyAsync(requests.Select(r => r.AuthorityId).Distinct().ToList(), cancellationToken);
        var userById = await users.FindManyAsync(requests.Select(r => r.UserId).Distinct().ToList(), cancellationToken);
        var today = clock.Today;
        var rules = await censor.CurrentAsync(cancellationToken);

        // The index holds only redacted text, so what a rule hides can be neither found nor shown in a snippet.
        return requests.Select(r =>
        {
            var redactor = rules.For(r);
            var text = new StringBuilder();
            foreach (var message in messages[r.Id])
            {
                text.AppendLine(redactor.Apply(message.Subject)).AppendLine(redactor.Apply(message.Body));
            }
            foreach (var comment in comments[r.Id])
            {
                text.AppendLine(redactor.Apply(comment.Body));
            }
            var authority = authorityById.GetValueOrDefault(r.AuthorityId);
            var user = userById.GetValueOrDefault(r.UserId);
            return new SearchableRequest(
                r.Id, r.Slug, redactor.Apply(r.Title), text.ToString(),
                messages[r.Id].SelectMany(m => attachments[m.Id]).OrderBy(a => a.RequestMessageId).ThenBy(a => a.Index)
                    .Select(a => new SearchableAttachment(redactor.Apply(a.FileName), a.ContentType, redactor.Apply(a.Text ?? ""))).ToList(),
                StatusKeyword(r.State), RequestStateLabels.Label(r, today),
                authority?.Name ?? "", authority?.Slug ?? "", r.UserId, user?.Name ?? "", user?.Slug ?? "", r.CreatedAt);
        }).ToList();
    }

    internal static string StatusKeyword(RequestState state) => SnakeCase().Replace(state.ToString(), "$1_$2").ToLowerInvariant();

    [GeneratedRegex("([a-z])([A-Z])")]
    private static partial Regex SnakeCase();
}
