using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Foi.BrowserTests;

/// <summary>
/// Checks every HTML page a browser test loaded, whatever the test itself looked at: no Razor or C# source printed as
/// text, no sideways scrolling in a 1,280 px window, and no WCAG 2.2 A or AA violation found by axe-core.
/// </summary>
public sealed partial class PageChecks
{
    /// <summary>The window every watched context has: a common laptop's width.</summary>
    public static readonly ViewportSize Window = new() { Width = 1280, Height = 800 };

    private static readonly List<string> WcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

    private readonly List<(IBrowserContext Context, string Url)> visited = [];
    private readonly HashSet<string> checkedPaths = [];

    /// <summary>A browser context whose page loads are remembered for <see cref="CheckVisitedAsync"/>.</summary>
    public async Task<IBrowserContext> WatchedContextAsync(IBrowser browser, string baseUrl)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl, ViewportSize = Window });
        context.Response += (_, response) =>
        {
            if (response.Request.ResourceType == "document" && response.Request.Method == "GET" && response.Status == 200
                && response.Headers.TryGetValue("content-type", out var type) && type.StartsWith("text/html", StringComparison.Ordinal)
                && !(response.Headers.TryGetValue("content-disposition", out var disposition) && disposition.StartsWith("attachment", StringComparison.Ordinal)))
            {
                lock (visited)
                {
                    visited.Add((context, response.Url));
                }
            }
        };
        return context;
    }

    /// <summary>Loads again, in the context that saw it, each page visited since the last call, and reports what is wrong.</summary>
    public async Task<IReadOnlyList<string>> CheckVisitedAsync()
    {
        List<(IBrowserContext Context, string Url)> pages;
        lock (visited)
        {
            pages = [.. visited];
            visited.Clear();
        }
        var failures = new List<string>();
        foreach (var (context, url) in pages)
        {
            var path = new Uri(url).PathAndQuery;
            // One check per page shape is enough; links that act once (sign-out, mailed tokens) are not loaded again.
            if (OneTimeLink().IsMatch(path) || !checkedPaths.Add(Shape(path)))
            {
                continue;
            }
            IPage page;
            try
            {
                page = await context.NewPageAsync();
            }
            catch (PlaywrightException)
            {
                continue; // the test closed its context
            }
            try
            {
                var response = await page.GotoAsync(url);
                if (response?.Status != 200)
                {
                    continue; // what the test did since made the page go (a hidden request, a deleted item)
                }
                failures.AddRange(await CheckAsync(page, path));
            }
            finally
            {
                await page.CloseAsync();
            }
        }
        return failures;
    }

    public static async Task<IReadOnlyList<string>> CheckAsync(IPage page, string path)
    {
        var failures = new List<string>();
        var text = await page.InnerTextAsync("body");
        if (RazorSource().Match(text) is { Success: true } source)
        {
            failures.Add($"{path}: Razor or C# source printed as text: \"{source.Value}\"");
        }
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        var (scrollWidth, clientWidth) = (widths[0], widths[1]);
        if (scrollWidth > clientWidth)
        {
            failures.Add($"{path}: scrolls sideways ({scrollWidth} px wide in a {clientWidth} px window)");
        }
        var axe = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = WcagTags } });
        if (axe.Passes.Length == 0)
        {
            failures.Add($"{path}: axe did not run");
        }
        failures.AddRange(axe.Violations.Select(v =>
            $"{path}: {v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Take(5).Select(n => n.Target?.ToString()))}"));
        return failures;
    }

    /// <summary>Numbers and ids in a path stand for any: /request/12 and /request/13 are one shape.</summary>
    private static string Shape(string path) => Ids().Replace(path, "{id}");

    [GeneratedRegex(@"^/(sign-out|confirm-email|reset-password|account/confirm)")]
    private static partial Regex OneTimeLink();

    [GeneratedRegex(@"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d+")]
    private static partial Regex Ids();

    // What Razor leaves as text when an expression is not parsed as one: a C# switch, a lambda, @Model, @Html, @( ...
    [GeneratedRegex(@"\bswitch\s*\{|\w\s*=>\s*[""\w]|@(Model|Html|ViewData|ViewBag|await|if|foreach|using|inject|\()\b?")]
    private static partial Regex RazorSource();
}
