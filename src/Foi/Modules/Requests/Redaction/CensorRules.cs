using Foi.Common.Data;
using Foi.Modules.Requests.Domain;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Requests.Redaction;

/// <summary>Every censor rule, compiled once: site-wide plain text as one pass, the rest one pass each, looked up by scope.</summary>
internal sealed class CensorRuleSet
{
    private readonly IReadOnlyList<RedactionPass> site;
    private readonly Dictionary<(CensorScope Scope, int Id), List<RedactionPass>> scoped = [];

    public CensorRuleSet(long version, IReadOnlyList<CensorRule> rules)
    {
        Version = version;
        var siteRules = rules.Where(r => r.Scope == CensorScope.Site).ToList();
        var combined = CensorPatterns.Combined(siteRules.Where(r => !r.IsRegex).ToList());
        site = [.. combined is null ? [] : new[] { combined }, .. siteRules.Where(r => r.IsRegex).OrderBy(r => r.Id).Select(CensorPatterns.Single)];
        foreach (var rule in rules.Where(r => r.Scope != CensorScope.Site).OrderBy(r => r.Id))
        {
            var key = (rule.Scope, rule.ScopeId!.Value);
            if (!scoped.TryGetValue(key, out var passes))
            {
                scoped[key] = passes = [];
            }
            passes.Add(CensorPatterns.Single(rule));
        }
    }

    public long Version { get; }

    public Redactor For(int requestId, int authorityId, int requesterId)
    {
        var narrower = Scoped(CensorScope.Request, requestId).Concat(Scoped(CensorScope.Person, requesterId)).Concat(Scoped(CensorScope.Authority, authorityId)).ToList();
        return new Redactor(narrower.Count == 0 ? site : [.. narrower, .. site]);
    }

    public Redactor For(InfoRequest request) => For(request.Id, request.AuthorityId, request.UserId);

    private List<RedactionPass> Scoped(CensorScope scope, int id) => scoped.TryGetValue((scope, id), out var passes) ? passes : [];
}

/// <summary>
/// The compiled rules, shared by the whole process and rebuilt when the rules' log has a newer line than they were
/// built from: one small query per use, so a change on any node shows on every node's next page.
/// </summary>
internal sealed class CensorRuleCache : IDisposable
{
    private readonly SemaphoreSlim rebuilding = new(1, 1);
    private volatile CensorRuleSet? current;

    public void Dispose() => rebuilding.Dispose();

    public async Task<CensorRuleSet> CurrentAsync(FoiDbContext db, CancellationToken cancellationToken)
    {
        var version = await db.Set<CensorRuleChange>().MaxAsync(c => (long?)c.Id, cancellationToken) ?? 0;
        if (current is { } set && set.Version == version)
        {
            return set;
        }
        await rebuilding.WaitAsync(cancellationToken);
        try
        {
            if (current is { } rebuilt && rebuilt.Version == version)
            {
                return rebuilt;
            }
            var rules = await db.Set<CensorRule>().AsNoTracking().ToListAsync(cancellationToken);
            var fresh = new CensorRuleSet(version, rules);
            current = fresh;
            return fresh;
        }
        finally
        {
            rebuilding.Release();
        }
    }
}

/// <summary>The rules for the request (or requests) a page, a feed or an export is about to show.</summary>
internal sealed class CensorRules(FoiDbContext db, CensorRuleCache cache)
{
    public Task<CensorRuleSet> CurrentAsync(CancellationToken cancellationToken) => cache.CurrentAsync(db, cancellationToken);

    public async Task<Redactor> ForAsync(InfoRequest request, CancellationToken cancellationToken) =>
        (await CurrentAsync(cancellationToken)).For(request);
}
