// Deliberate violations, for the architecture tests to catch. Shaped like the site's modules.
namespace Foi.Modules.Alpha.Contracts
{
    /// <summary>What Alpha lets other modules use.</summary>
    public interface IAlphaLookup
    {
        /// <summary>Finds a name.</summary>
        string Find(int id);
    }
}

namespace Foi.Modules.Alpha.Domain
{
    internal sealed class AlphaSecret
    {
        public string Value { get; } = "internal to Alpha";
    }
}

namespace Foi.Modules.Beta.Reaching
{
    // Violation: Beta uses Alpha's Domain, not its Contracts.
    internal sealed class ReachesIntoAlpha(Foi.Modules.Alpha.Domain.AlphaSecret secret)
    {
        public string Peek() => secret.Value;
    }
}

namespace Foi.Modules.Beta.Proper
{
    // Allowed: Beta uses Alpha only through Alpha's Contracts.
    internal sealed class UsesAlphaContracts(Foi.Modules.Alpha.Contracts.IAlphaLookup alpha)
    {
        public string Name(int id) => alpha.Find(id);
    }
}

namespace Foi.Modules.Beta.Domain
{
    /// <summary>Violation: public outside Contracts.</summary>
    public sealed class LeakedPublicly
    {
    }
}
