using System.Reflection;
using NetArchTest.Rules;

namespace Foi.ArchitectureTests;

/// <summary>The module rules of ARCHITECTURE.md, as functions of an assembly so each can be shown to fail.</summary>
internal static partial class ModuleRules
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

    /// <summary>
    /// Razor views are compiled into <c>AspNetCoreGeneratedDocument</c>, outside every module's namespace: each is
    /// matched to its module by its source path, then held to the same rule as the module's code, and may not touch
    /// the database context at all (a view shows what its controller gave it).
    /// </summary>
    public static IReadOnlyList<string> ViewViolations(Assembly assembly, Type? databaseContext)
    {
        var views = CompiledViews(assembly);
        var modules = ModulesOf(assembly);
        var violations = new List<string>();
        foreach (var (view, path) in views)
        {
            var module = modules.FirstOrDefault(m => path.StartsWith($"/Modules/{m}/", StringComparison.Ordinal));
            var forbidden = assembly.GetTypes()
                .Where(t => t.Namespace is { } ns && ns.StartsWith(ModulesNamespace, StringComparison.Ordinal)
                    && ModuleOf(ns) != module && !IsContracts(ns))
                .Select(t => t.FullName!)
                .Concat(databaseContext is null ? [] : [databaseContext.FullName!])
                .ToArray();
            var result = Types.InAssembly(assembly).That().HaveName(view.Name).And().ResideInNamespace(view.Namespace!)
                .ShouldNot().HaveDependencyOnAny(forbidden).GetResult();
            if (!result.IsSuccessful)
            {
                violations.Add(path);
            }
        }
        return violations;
    }

    /// <summary>
    /// A view gets what it shows: its model, and everything reachable through the model's properties, holds no class
    /// from a module's <c>Domain</c> (an entity a view could change). Values may pass: enums, and records whose
    /// properties cannot be set after they are made.
    /// </summary>
    public static IReadOnlyList<string> ViewModelsHoldingEntities(Assembly assembly)
    {
        var violations = new List<string>();
        foreach (var (view, path) in CompiledViews(assembly))
        {
            var model = BaseTypes(view).FirstOrDefault(t => t.IsGenericType && t.GetGenericTypeDefinition().FullName == "Microsoft.AspNetCore.Mvc.Razor.RazorPage`1")
                ?.GetGenericArguments()[0];
            if (model is null)
            {
                continue;
            }
            var seen = new HashSet<Type>();
            var queue = new Queue<Type>([model]);
            while (queue.TryDequeue(out var type))
            {
                if (!seen.Add(type))
                {
                    continue;
                }
                if (IsDomain(type) && !IsValue(type))
                {
                    violations.Add($"{path}: {type.Name}");
                    continue;
                }
                foreach (var inner in type.IsArray ? [type.GetElementType()!] : type.IsGenericType ? type.GetGenericArguments() : [])
                {
                    queue.Enqueue(inner);
                }
                if (type.Namespace?.StartsWith("Foi.", StringComparison.Ordinal) == true)
                {
                    foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
                    {
                        queue.Enqueue(property.PropertyType);
                    }
                }
            }
        }
        return violations.Distinct().Order(StringComparer.Ordinal).ToList();
    }

    private static bool IsDomain(Type type) =>
        type.Namespace is { } ns && ns.StartsWith(ModulesNamespace, StringComparison.Ordinal) && ns.Split('.') is { Length: > 3 } parts && parts[3] == "Domain";

    private static bool IsValue(Type type) =>
        type.IsEnum
        || (type.GetMethod("<Clone>$") is not null
            && type.GetProperties(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance)
                .All(p => p.SetMethod is null || p.SetMethod.ReturnParameter.GetRequiredCustomModifiers().Any(m => m.FullName == "System.Runtime.CompilerServices.IsExternalInit")));

    private static IEnumerable<Type> BaseTypes(Type type)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            yield return current;
        }
    }

    private static List<(Type Type, string Path)> CompiledViews(Assembly assembly) =>
        assembly.GetCustomAttributes()
            .Where(a => a.GetType().Name == "RazorCompiledItemAttribute")
            .Select(a => ((Type)a.GetType().GetProperty("Type")!.GetValue(a)!, (string)a.GetType().GetProperty("Identifier")!.GetValue(a)!))
            .ToList();

    /// <summary>
    /// The shared kernel (<c>Foi.Common</c>) knows no module: modules build on it, never the other way. The
    /// exceptions in <paramref name="allowed"/> say why.
    /// </summary>
    public static IReadOnlyList<string> CommonReachingIntoModules(Assembly assembly, IReadOnlyDictionary<string, string> allowed) =>
        (Types.InAssembly(assembly)
            .That().ResideInNamespaceStartingWith("Foi.Common")
            .ShouldNot().HaveDependencyOnAny(assembly.GetTypes()
                .Where(t => t.Namespace?.StartsWith(ModulesNamespace, StringComparison.Ordinal) == true)
                .Select(t => t.FullName!).ToArray())
            .GetResult()
            .FailingTypeNames ?? [])
        .Where(name => !allowed.ContainsKey(name))
        .ToList();

    /// <summary>
    /// Classes of the site that are neither sealed, static nor abstract: open for inheritance nobody planned. The few
    /// that must stay open say why in <paramref name="allowed"/>.
    /// </summary>
    public static IReadOnlyList<string> UnsealedClasses(Assembly assembly, IReadOnlyDictionary<string, string> allowed) =>
        assembly.GetTypes()
            .Where(t => t.IsClass && !t.IsSealed && !t.IsAbstract && t.Namespace?.StartsWith("Foi", StringComparison.Ordinal) == true
                && !t.Namespace.Contains(".Migrations", StringComparison.Ordinal)
                && t.GetCustomAttribute<System.Runtime.CompilerServices.CompilerGeneratedAttribute>() is null
                && !t.Name.Contains('<', StringComparison.Ordinal)
                && !allowed.ContainsKey(t.FullName!))
            .Select(t => t.FullName!)
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// Source files under <paramref name="root"/> that write SQL of their own (raw queries, commands), outside the
    /// generated migrations and the files in <paramref name="allowed"/>, each allowed with its reason: SQL bypasses
    /// the model that says which module owns a table.
    /// </summary>
    public static IReadOnlyList<string> RawSqlOutsideAllowedPlaces(string root, IReadOnlyDictionary<string, string> allowed) =>
        Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(root, path).Replace('\\', '/'))
            .Where(path => !path.Contains("/Migrations/", StringComparison.Ordinal) && !path.StartsWith("bin/", StringComparison.Ordinal)
                && !path.StartsWith("obj/", StringComparison.Ordinal) && !allowed.ContainsKey(path))
            .Where(path => RawSql().IsMatch(File.ReadAllText(Path.Combine(root, path))))
            .Order(StringComparer.Ordinal)
            .ToList();

    [System.Text.RegularExpressions.GeneratedRegex(@"\b(SqlQueryRaw|SqlQuery|FromSqlRaw|FromSqlInterpolated|FromSql|ExecuteSqlRaw|ExecuteSqlRawAsync|ExecuteSqlInterpolated|ExecuteSqlInterpolatedAsync|ExecuteSql|ExecuteSqlAsync)\s*[<(]|\.CreateCommand\s*\(|new\s+(Npgsql|Sqlite)Command\b")]
    private static partial System.Text.RegularExpressions.Regex RawSql();

    /// <summary>
    /// Tables (and views) that entities of more than one module map onto: each table belongs to exactly one module.
    /// Identity's own types count as the Users module's, the shared kernel's as "Common".
    /// </summary>
    public static IReadOnlyList<string> TablesSharedBetweenModules(IEnumerable<(string Table, Type Entity)> mappings) =>
        mappings
            .GroupBy(m => m.Table, StringComparer.Ordinal)
            .Where(table => table.Select(m => OwnerOf(m.Entity)).Distinct().Count() > 1)
            .Select(table => $"{table.Key}: {string.Join(", ", table.Select(m => $"{m.Entity.Name} ({OwnerOf(m.Entity)})").Distinct().Order(StringComparer.Ordinal))}")
            .Order(StringComparer.Ordinal)
            .ToList();

    private static string OwnerOf(Type entity) => entity.Namespace switch
    {
        { } ns when ns.StartsWith(ModulesNamespace, StringComparison.Ordinal) => ModuleOf(ns),
        { } ns when ns.StartsWith("Microsoft.AspNetCore.Identity", StringComparison.Ordinal) => "Users",
        { } ns when ns.StartsWith("Foi.Common", StringComparison.Ordinal) => "Common",
        var ns => ns ?? "",
    };
}
