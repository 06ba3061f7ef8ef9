using System.CommandLine;
using System.Text.Json;
using Foi.Common.Cli;
using Microsoft.Extensions.Options;

namespace Foi.Modules.Themes.CheckTheme;

/// <summary><c>foi theme check [NAME] [--format json]</c>: what a theme lacks or breaks.</summary>
internal static class CheckThemeVerb
{
    public static Command Build(CliContext cli)
    {
        var name = new Argument<string?>("name") { Description = "Theme folder name (default: the active theme)", Arity = ArgumentArity.ZeroOrOne };
        var format = new Option<string>("--format") { Description = "text or json", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var check = new Command("check", "Report what a theme (with its parents) lacks or breaks; exit 1 if anything is wrong") { name, format };
        check.SetAction(async (result, _) =>
        {
            var services = cli.Services;
            var options = services.GetRequiredService<IOptions<ThemeOptions>>().Value;
            var root = options.ResolveRoot(services.GetRequiredService<IHostEnvironment>().ContentRootPath);
            var theme = result.GetValue(name) ?? options.Active;
            var problems = new ThemeChecker(root, ThemesModule.SiteViews(services)).Check(theme);
            var display = Path.GetDirectoryName(root) ?? root;
            string Relative(string file) => Path.GetRelativePath(display, file);
            if (result.GetValue(format) == "json")
            {
                await cli.Output.WriteLineAsync(JsonSerializer.Serialize(new
                {
                    theme,
                    ok = problems.Count == 0,
                    problems = problems.Select(p => new { file = Relative(p.File), line = p.Line, message = p.Message }),
                }));
            }
            else
            {
                foreach (var problem in problems)
                {
                    await cli.Output.WriteLineAsync((problem with { File = Relative(problem.File) }).ToString());
                }
                await cli.Output.WriteLineAsync(problems.Count == 0
                    ? $"Theme '{theme}' is complete."
                    : $"Theme '{theme}': {problems.Count} problem(s).");
            }
            return problems.Count == 0 ? 0 : 1;
        });
        return check;
    }
}
