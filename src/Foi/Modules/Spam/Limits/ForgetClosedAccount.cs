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
#pragma warning disable CA1304, CA1311, CA1862 // translated to SQL lower() and a substring test; no .NET culture is involved
        await db.Set<ActionCount>().Where(c => c.Key.ToLower().Contains(address)).ExecuteDeleteAsync(cancellationToken);
#pragma warning restore CA1304, CA1311, CA1862
    }
}
