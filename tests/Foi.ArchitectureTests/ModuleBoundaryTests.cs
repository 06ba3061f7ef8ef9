using System.Reflection;
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
}
