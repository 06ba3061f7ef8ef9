using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace Foi.ArchitectureTests;

internal sealed class ModuleBoundaryTests
{
    private static readonly Assembly Site = typeof(Program).Assembly;
    private static readonly Assembly Samples = typeof(Foi.Modules.Alpha.Contracts.IAlphaLookup).Assembly;

    [Test]
    public void The_site_has_the_modules_of_the_architecture() =>
        ModuleRules.ModulesOf(Site).ShouldBe(["Authorities", "Mail", "Requests", "Search", "Spam", "Themes", "Users"], ignoreOrder: true);

    [Test]
    public void A_module_uses_another_module_only_through_its_contracts() =>
        ModuleRules.CrossModuleViolations(Site).ShouldBeEmpty();

    [Test]
    public void The_cross_module_rule_catches_a_module_reaching_into_another_modules_domain()
    {
        var violations = ModuleRules.CrossModuleViolations(Samples);
        violations.ShouldContain("Foi.Modules.Beta.Reaching.ReachesIntoAlpha");
        violations.ShouldNotContain("Foi.Modules.Beta.Proper.UsesAlphaContracts");
    }

    [Test]
    public void Only_contracts_are_public() =>
        ModuleRules.PublicOutsideContracts(Site).ShouldBeEmpty();

    [Test]
    public void The_public_types_rule_catches_a_public_type_outside_contracts()
    {
        var violations = ModuleRules.PublicOutsideContracts(Samples);
        violations.ShouldBe(["Foi.Modules.Beta.Domain.LeakedPublicly"]);
    }

    /// <summary>Classes that stay open, each with its reason.</summary>
    private static readonly Dictionary<string, string> OpenOnPurpose = new()
    {
        ["Program"] = "the entry point; WebApplicationFactory<Program> needs the type, and the compiler makes it",
    };

    [Test]
    public void A_view_uses_only_its_own_module_and_contracts_and_never_the_database() =>
        ModuleRules.ViewViolations(Site, typeof(Foi.Common.Data.FoiDbContext)).ShouldBeEmpty();

    [Test]
    public void The_view_rule_catches_a_view_reaching_into_another_module_or_the_database() =>
        ModuleRules.ViewViolations(Samples, typeof(Foi.Common.Data.SampleDbContext)).ShouldBe(["/Modules/Beta/Reaching/Peek.cshtml", "/Modules/Beta/Reaching/Query.cshtml"], ignoreOrder: true);

    [Test]
    public void A_view_is_given_what_it_shows_and_no_entity() =>
        ModuleRules.ViewModelsHoldingEntities(Site).ShouldBeEmpty();

    [Test]
    public void The_view_model_rule_catches_an_entity_handed_to_a_view() =>
        ModuleRules.ViewModelsHoldingEntities(Samples).ShouldBe(["/Modules/Beta/Reaching/Entity.cshtml: BetaEntity"]);

    /// <summary>Where the shared kernel still knows a module, and why.</summary>
    private static readonly Dictionary<string, string> KernelExceptions = new()
    {
        ["Foi.Common.Data.FoiDbContext"] = "Identity's IdentityDbContext<User, ...> base names the Users module's account type; "
            + "moving Identity's mapping into the Users module is the step left (issue 14)",
    };

    [Test]
    public void The_shared_kernel_knows_no_module() =>
        ModuleRules.CommonReachingIntoModules(Site, KernelExceptions).ShouldBeEmpty();

    [Test]
    public void The_shared_kernel_rule_catches_common_code_using_a_module() =>
        ModuleRules.CommonReachingIntoModules(Samples, KernelExceptions).ShouldBe(["Foi.Common.Shortcut.KnowsAlpha"]);

    [Test]
    public void Every_class_is_sealed_static_or_abstract_unless_it_says_why() =>
        ModuleRules.UnsealedClasses(Site, OpenOnPurpose).ShouldBeEmpty();

    [Test]
    public void The_sealed_rule_catches_an_open_class() =>
        ModuleRules.UnsealedClasses(Samples, OpenOnPurpose).ShouldBe(["Foi.Modules.Beta.Domain.OpenByAccident"]);

    /// <summary>The files that may write SQL themselves, and why.</summary>
    private static readonly Dictionary<string, string> SqlOnPurpose = new()
    {
        ["Common/Data/DatabaseSetup.cs"] = "SQLite's pragmas and the migration lock, below any model",
        ["Common/Data/BulkRows.cs"] = "multi-row upserts for imports, every name, type and conversion taken from the model",
        ["Common/Backup/SiteBackup.cs"] = "creating the PostgreSQL database a restore goes into: server level, no module's table",
        ["Modules/Spam/Limits/ActionBudget.cs"] = "one atomic conditional upsert on the Spam module's own counter table (named from the model)",
    };

    private static string Repository([System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", ".."));

    [Test]
    public void Sql_is_written_only_where_it_must_be() =>
        ModuleRules.RawSqlOutsideAllowedPlaces(Path.Combine(Repository(), "src", "Foi"), SqlOnPurpose).ShouldBeEmpty();

    [Test]
    public void The_sql_rule_catches_a_module_writing_its_own_sql() =>
        ModuleRules.RawSqlOutsideAllowedPlaces(Path.Combine(Repository(), "tests", "Foi.ArchitectureTests.Samples", "RawSqlSample"), SqlOnPurpose)
            .ShouldBe(["Modules/Beta/Reaching/CountsAlphaRows.cs"]);

    [Test]
    public void Each_table_belongs_to_one_module()
    {
        using var db = new Foi.Common.Data.SqliteFoiDbContext(new Microsoft.EntityFrameworkCore.DbContextOptionsBuilder<Foi.Common.Data.SqliteFoiDbContext>()
            .UseSqlite("Data Source=:memory:").Options);
        var mappings = db.Model.GetEntityTypes()
            .SelectMany(e => new[] { e.GetTableName(), e.GetViewName() }.OfType<string>().Select(table => (table, e.ClrType)))
            .ToList();
        mappings.Count.ShouldBeGreaterThan(20);
        ModuleRules.TablesSharedBetweenModules(mappings).ShouldBeEmpty();
    }

    [Test]
    public void The_table_rule_catches_a_module_mapping_another_module_s_table() =>
        ModuleRules.TablesSharedBetweenModules([
            ("alpha_secrets", Samples.GetType("Foi.Modules.Beta.Reaching.ReachesIntoAlpha")!),
            ("alpha_secrets", Samples.GetType("Foi.Modules.Beta.Proper.UsesAlphaContracts")!),
            ("alpha_secrets", Samples.GetType("Foi.Modules.Alpha.Domain.AlphaSecret")!),
        ]).ShouldBe(["alpha_secrets: AlphaSecret (Alpha), ReachesIntoAlpha (Beta), UsesAlphaContracts (Beta)"]);
}
