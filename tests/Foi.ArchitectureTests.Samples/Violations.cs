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

namespace Foi.Modules.Beta.Domain
{
    // Violation: neither sealed, static nor abstract, and no reason given (the site's build refuses this too: CA1852).
#pragma warning disable CA1852
    internal class OpenByAccident
    {
    }
#pragma warning restore CA1852
}

namespace Foi.Common.Data
{
    /// <summary>Stands for the site's database context in the samples.</summary>
    public sealed class SampleDbContext
    {
        /// <summary>A query a view must not run.</summary>
        public int Count() => Rows;

        /// <summary>How many rows there are.</summary>
        public int Rows { get; init; }
    }
}

namespace Foi.Common.Shortcut
{
    // Violation: the shared kernel using a module's internals.
    internal sealed class KnowsAlpha(Foi.Modules.Alpha.Domain.AlphaSecret secret)
    {
        public string Value => secret.Value;
    }
}

namespace Foi.Modules.Beta.Domain
{
    internal sealed class BetaEntity
    {
        public string Name { get; set; } = "";

        public BetaState State { get; set; }
    }

    internal enum BetaState
    {
        Open,
    }

    internal sealed record BetaNote(string Text);
}

namespace Foi.Modules.Beta.Reaching
{
    /// <summary>Violation: a page model that hands the view an entity (Entity.cshtml).</summary>
    internal sealed record EntityPage(Foi.Modules.Beta.Domain.BetaEntity Entity);
}

namespace Foi.Modules.Beta.Proper
{
    /// <summary>Allowed: what the view shows, copied out of the entity; a domain enum or immutable record is a value (Rows.cshtml).</summary>
    internal sealed record BetaRow(string Name, Foi.Modules.Beta.Domain.BetaState State, Foi.Modules.Beta.Domain.BetaNote Note);
}
