using Foi.Common.Data;
using Foi.Common.Site;
using Foi.Common.Events;
using Foi.Modules.Requests.Contracts;
using Foi.Modules.Requests.Domain;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Requests.Redaction;

/// <summary>A censor rule was added, changed or removed: what it matched before and matches now.</summary>
internal sealed record CensorRuleChanged(int RuleId, IReadOnlyList<CensorRuleMatch> Matches);

/// <summary>One version of a rule (before or after the change), enough to find the requests it touches.</summary>
internal sealed record CensorRuleMatch(string Pattern, bool IsRegex, CensorScope Scope, int? ScopeId)
{
    public static CensorRuleMatch Of(CensorRule rule) => new(rule.Pattern, rule.IsRegex, rule.Scope, rule.ScopeId);
}

/// <summary>
/// Puts every request a changed rule touches on the change feed, so each node's search index re-reads it (redacted
/// under the rules as they now are) within seconds, without a reindex. A rule with a narrow scope touches all the
/// requests of its scope; a site-wide rule only those whose text it matches, found by reading every request once.
/// </summary>
internal sealed class CensorRuleSweep(FoiDbContext db, IRequestSearchSource requests, CensorRules censor, WithheldFiles withheld, ChangeSignal signal, TimeProvider time) : IEventHandler<CensorRuleChanged>
{
    private const int Batch = 500;

    public async Task HandleAsync(CensorRuleChanged changed, CancellationToken cancellationToken)
    {
        var touched = new HashSet<int>();
        var siteWide = new List<System.Text.RegularExpressions.Regex>();
        foreach (var match in changed.Matches)
        {
            switch (match.Scope)
            {
                case CensorScope.Request:
                    touched.Add(match.ScopeId!.Value);
                    break;
                case CensorScope.Authority:
                    touched.UnionWith(await requests.IdsToAuthoritiesAsync([match.ScopeId!.Value], cancellationToken));
                    break;
                case CensorScope.Person:
                    touched.UnionWith(await requests.IdsByRequestersAsync([match.ScopeId!.Value], cancellationToken));
                    break;
                default:
                    siteWide.Add(CensorPatterns.Compile(match.Pattern, match.IsRegex));
                    break;
            }
        }
        await RecordAsync(touched, cancellationToken);
        if (siteWide.Count > 0)
        {
            await SweepSiteAsync(siteWide, cancellationToken);
        }
    }

    private async Task SweepSiteAsync(List<System.Text.RegularExpressions.Regex> patterns, CancellationToken cancellationToken)
    {
        bool Matches(string? text)
        {
            try
            {
                return !string.IsNullOrEmpty(text) && patterns.Any(p => p.IsMatch(text));
            }
            catch (System.Text.RegularExpressions.RegexMatchTimeoutException)
            {
                return true; // re-reading a request too many is harmless; missing one is not
            }
        }
        var afterId = 0;
        while (true)
        {
            var batch = await db.Set<InfoRequest>().AsNoTracking().Where(r => r.Id > afterId).OrderBy(r => r.Id).Take(Batch)
                .Select(r => new { r.Id, r.Title }).ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                return;
            }
            afterId = batch[^1].Id;
            var ids = batch.Select(r => r.Id).ToList();
            var touched = batch.Where(r => Matches(r.Title)).Select(r => r.Id).ToHashSet();
            var messages = await db.Set<RequestMessage>().AsNoTracking().Where(m => ids.Contains(m.RequestId))
                .Select(m => new { m.Id, m.RequestId, m.Subject, m.Body, m.BodyHtml, m.FromName }).ToListAsync(cancellationToken);
            touched.UnionWith(messages.Where(m => Matches(m.Subject) || Matches(m.Body) || Matches(m.BodyHtml) || Matches(m.FromName)).Select(m => m.RequestId));
            var requestOfMessage = messages.ToDictionary(m => m.Id, m => m.RequestId);
            var messageIds = requestOfMessage.Keys.ToList();
            var attachments = await db.Set<RequestAttachment>().AsNoTracking().Where(a => messageIds.Contains(a.RequestMessageId))
                .Select(a => new { a.RequestMessageId, a.FileName, a.Text }).ToListAsync(cancellationToken);
            touched.UnionWith(attachments.Where(a => Matches(a.FileName) || Matches(a.Text)).Select(a => requestOfMessage[a.RequestMessageId]));
            var comments = await db.Set<Comment>().AsNoTracking().Where(c => ids.Contains(c.RequestId)).Select(c => new { c.RequestId, c.Body }).ToListAsync(cancellationToken);
            touched.UnionWith(comments.Where(c => Matches(c.Body)).Select(c => c.RequestId));
            await RecordAsync(touched, cancellationToken);
        }
    }

    private async Task RecordAsync(HashSet<int> requestIds, CancellationToken cancellationToken)
    {
        if (requestIds.Count == 0)
        {
            return;
        }
        var now = time.GetUtcNow();
        await withheld.ReviewAsync(requestIds, await censor.CurrentAsync(cancellationToken), cancellationToken);
        await RenameAsync(requestIds, now, cancellationToken);
        db.Set<Change>().AddRange(requestIds.Select(id => Change.Of(RequestTopic.Name, id, now)));
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        signal.Notify();
    }

    /// <summary>
    /// A request's address is made from its title: where a rule now redacts words of the title, the request gets an
    /// address made from the redacted title, and its old one is kept as an alias that redirects.
    /// </summary>
    private async Task RenameAsync(HashSet<int> requestIds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var rules = await censor.CurrentAsync(cancellationToken);
        var ids = requestIds.ToList();
        foreach (var request in await db.Set<InfoRequest>().Where(r => ids.Contains(r.Id)).ToListAsync(cancellationToken))
        {
            var title = rules.For(request).Apply(request.Title);
            var stem = Slug.From(title, RequestSlugs.MaxLength);
            if (title == request.Title || request.Slug.StartsWith(stem, StringComparison.Ordinal))
            {
                continue;
            }
            db.Add(RequestSlugAlias.For(request.Id, request.Slug, now));
            request.ChangeSlug(await Slug.UniqueAsync(title, RequestSlugs.MaxLength, candidate => RequestSlugs.TakenAsync(db, candidate, cancellationToken)));
        }
    }
}
