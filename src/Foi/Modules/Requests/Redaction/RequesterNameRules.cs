using Foi.Common.Data;
using Foi.Common.Events;
using Foi.Modules.Requests.Contracts;
using Foi.Modules.Requests.Domain;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Requests.Redaction;

/// <summary>
/// A requester shown by a pseudonym or initials: their real name (and "Ms Surname" and the like) is redacted to the
/// public name in all their requests' text, by censor rules scoped to them that admins see in the rules' list and log.
/// </summary>
internal sealed class RequesterNameRules(FoiDbContext db, IEventOutbox outbox, TimeProvider time) : IRequesterNameRules
{
    public const string Note = "The requester's real name: they chose to be shown by another.";

    public async Task SetAsync(int userId, string realName, string? publicName, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var old = await db.Set<CensorRule>().Where(r => r.Scope == CensorScope.Person && r.ScopeId == userId && r.Note == Note).ToListAsync(cancellationToken);
        var matches = old.Select(CensorRuleMatch.Of).ToList();
        foreach (var rule in old)
        {
            db.Remove(rule);
            db.Add(CensorRuleChange.Of(rule, "removed", userId, now));
        }
        var added = new List<CensorRule>();
        var words = realName.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (!string.IsNullOrWhiteSpace(publicName) && realName.Trim().Length >= 3)
        {
            added.Add(CensorRule.Add(realName.Trim(), false, publicName.Trim(), CensorScope.Person, userId, Note, userId, now));
            if (words.Length > 1 && words[^1].Length >= 2)
            {
                added.Add(CensorRule.Add($@"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+{System.Text.RegularExpressions.Regex.Escape(words[^1])}\b", true, publicName.Trim(), CensorScope.Person, userId, Note, userId, now));
            }
            db.AddRange(added);
        }
        await db.SaveChangesAsync(cancellationToken);
        foreach (var rule in added)
        {
            db.Add(CensorRuleChange.Of(rule, "added", userId, now));
            matches.Add(CensorRuleMatch.Of(rule));
        }
        if (matches.Count > 0)
        {
            outbox.Enqueue(new CensorRuleChanged(0, matches));
        }
        await db.SaveChangesAsync(cancellationToken);
        await outbox.DispatchEnqueuedAsync(cancellationToken);
    }
}
