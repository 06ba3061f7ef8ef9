using System.Globalization;
using System.Text.RegularExpressions;
using FluentValidation;
using Microsoft.Extensions.Options;

namespace Foi.Common.Site;

/// <summary>
/// Each configuration section is bound once, at start, into its options class and checked there by its validator. A
/// wrong value stops the site and every verb with a line naming the key and what it may be, instead of a site that
/// starts and then fails on every page (an unknown time zone answered 500 on the home page).
/// </summary>
internal static partial class Settings
{
    public const string PositiveWholeNumber = "must be a whole number above 0";

    /// <summary>
    /// Binds <paramref name="section"/> into a new <typeparamref name="T"/>, checks it, and registers it as
    /// <c>IOptions&lt;T&gt;</c>. Returns the value for registrations that depend on it (which database, which jobs).
    /// </summary>
    public static T AddSettings<T>(this IServiceCollection services, IConfiguration configuration, string section, IValidator<T>? validator = null)
        where T : class, new()
    {
        var problems = ProblemsOf(services);
        var value = new T();
        try
        {
            configuration.GetSection(section).Bind(value);
            foreach (var failure in validator?.Validate(value).Errors ?? [])
            {
                problems.Add($"{section}:{failure.PropertyName.Replace('.', ':')}: {failure.ErrorMessage}");
            }
        }
        catch (InvalidOperationException exception)
        {
            problems.Add(BindingProblem(exception));
        }
        services.AddSingleton(Options.Create(value));
        return value;
    }

    /// <summary>The value <see cref="AddSettings{T}"/> registered, for a later registration that depends on it.</summary>
    public static T Registered<T>(this IServiceCollection services) where T : class =>
        services.LastOrDefault(d => d.ServiceType == typeof(IOptions<T>))?.ImplementationInstance is IOptions<T> options
            ? options.Value
            : throw new InvalidOperationException($"{typeof(T).Name} is read before it is registered.");

    /// <summary>Stops the start with every problem found, so an operator fixes them in one go.</summary>
    public static void ThrowIfInvalid(IServiceCollection services)
    {
        if (ProblemsOf(services) is { Count: > 0 } problems)
        {
            throw new InvalidSettingsException(problems);
        }
    }

    private static SettingsProblems ProblemsOf(IServiceCollection services)
    {
        if (services.FirstOrDefault(d => d.ServiceType == typeof(SettingsProblems))?.ImplementationInstance is SettingsProblems found)
        {
            return found;
        }
        var problems = new SettingsProblems();
        services.AddSingleton(problems);
        return problems;
    }

    /// <summary>The binder's "Failed to convert configuration value 'x' at 'A:B' to type 'T'", said as the key and what it takes.</summary>
    private static string BindingProblem(InvalidOperationException exception)
    {
        var match = ConversionFailure().Match(exception.Message);
        if (!match.Success)
        {
            return exception.Message;
        }
        var type = typeof(Settings).Assembly.GetType(match.Groups["type"].Value) ?? Type.GetType(match.Groups["type"].Value);
        var allowed = type switch
        {
            { IsEnum: true } => "one of " + string.Join(", ", Enum.GetNames(type)),
            _ when type == typeof(int) || type == typeof(long) => "a whole number",
            _ when type == typeof(double) => "a number such as 4.5",
            _ when type == typeof(bool) => "true or false",
            _ when type == typeof(TimeSpan) => "a duration such as 00:00:30 (hh:mm:ss) or 2.00:00:00 (days)",
            _ => "a " + (type?.Name ?? match.Groups["type"].Value),
        };
        return string.Create(CultureInfo.InvariantCulture, $"{match.Groups["key"].Value}: '{match.Groups["value"].Value}' is not allowed; it must be {allowed}");
    }

    [GeneratedRegex("'(?<value>[^']*)' at '(?<key>[^']+)' to type '(?<type>[^']+)'")]
    private static partial Regex ConversionFailure();

    private sealed class SettingsProblems : List<string>;
}

/// <summary>Configuration the site cannot run with; each line names a key (<c>Site:TimeZone: ...</c>).</summary>
internal sealed class InvalidSettingsException(IReadOnlyList<string> problems)
    : Exception("Invalid configuration: " + string.Join("; ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
