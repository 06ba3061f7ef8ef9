using Foi.Common.Data;
using Foi.Modules.Users.Contracts;
using Foi.Modules.Users.Domain;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Foi.Modules.Users;

/// <summary>A save touching an account (name, about-me, confirmation, ban) changes its public profile.</summary>
internal sealed class UserChangeTopic : IChangeTopic
{
    public string Name => UserTopic.Name;

    public int? EntityIdOf(EntityEntry entry) => entry.Entity is User user ? user.Id : null;
}
