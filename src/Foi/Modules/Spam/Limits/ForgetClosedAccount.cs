using Foi.Common.Data;
using Foi.Modules.Users.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Foi.Modules.Spam.Limits;

/// <summary>The rate limits' counters keyed by a closed account's address go with it: nobody can use the address here again.</summary>
internal sealed class ForgetClosedAccount(FoiDbContext db) : IAccountClosureStep
{
    public async Task ForgetAsync(ClosingAccount account, CancellationToken cancellationToken)
    {
        if (account.FormerEmail.Length == 0)
        {
            return;
        }
        var address = account.FormerEmail.ToLowerInvariant();
        var keys = await db.Set<ActionCount>().Select(c => c.Key).Distinct().ToListAsync(cancellationToken);
        var theirs = keys.Where(k => k.Contains(address, StringComparison.OrdinalIgnoreCase)).ToList();
        await db.Set<ActionCount>().Where(c => theirs.Contains(c.Key)).ExecuteDeleteAsync(cancellationToken);
    }
}
