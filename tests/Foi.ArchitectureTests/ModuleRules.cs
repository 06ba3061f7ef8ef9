using System.Reflection;
using NetArchTest.Rules;

namespace Foi.ArchitectureTests;

/// <summary>The module rules of ARCHITECTURE.md, as functions of an assembly so each can be shown to fail.</summary>
internal static class ModuleRules
{
    private const string ModulesNamespace = "Foi.Modules.";

    public static IReadOnlyList<string> ModulesOf(Assembly assembly) =>
        assembly.GetTypes()
            .Select(t => t.Namespace ?? "")
            .Where(ns => ns.StartsWith(ModulesNamespace, StringComparison.Ordinal))
            .Select(ns => ns[ModulesNamespace.Length..].Split('.')[0])
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>Types of one module that use another module's types outside that module's Contracts.</summary>
    public static IReadOnlyList<string> CrossModuleViolations(Assembly assembly)
    {
        var violations = new List<string>();
        foreach (var module in ModulesOf(assembly))
        {
            var forbidden = assembly.GetTypes()
                .Where(t => t.Namespace is { } ns
                    && ns.StartsWith(ModulesNamespace, StringComparison.Ordinal)
                    && ModuleOf(ns) != module
                    && !IsContracts(ns))
                .Select(t => t.FullName!)
                .ToArray();
            if (forbidden.Length == 0)
            {
                continue;
            }
            var result = Types.InAssembly(assembly)
                .That().ResideInNamespace(ModulesNamespace + module)
                .ShouldNot().HaveDependencyOnAny(forbidden)
                .GetResult();
            violations.AddRange(result.FailingTypeNames ?? []);
        }
        return violations;
    }

    /// <summary>Public types of a module outside its Contracts (everything else is internal).</summary>
    public static IReadOnlyList<string> PublicOutsideContracts(Assembly assembly) =>
        Types.InAssembly(assembly)
            .That().ResideInNamespaceStartingWith(ModulesNamespace)
            .And().ResideInNamespaceMatching(@"^Foi\.Modules\.[^.]+(\.(?!Contracts(\.|$))[^.]+)*$")
            .ShouldNot().BePublic()
            .GetResult()
            .FailingTypeNames ?? [];

    private static string ModuleOf(string ns) => ns[ModulesNamespace.Length..].Split('.')[0];

    private static bool IsContracts(string ns) => ns.Split('.').Length > 3 && ns.Split('.')[3] == "Contracts";
}
