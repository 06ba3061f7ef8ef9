using Foi.Common.Cli;
using Foi.Common.Data;
using Foi.Modules.Themes;
using Foi.Modules.Themes.CheckTheme;
using Foi.Modules.Themes.Domain;
using Foi.Tests.Support;
using Shouldly;

namespace Foi.Tests.Themes;

/// <summary>`foi theme check` on every real theme, and on broken themes made here, one per kind of problem.</summary>
internal sealed class ThemeCheckTests
{
    private FoiFactory site = null!;
    private IReadOnlySet<string> siteViews = null!;
    private string root = null!;

    [OneTimeSetUp]
    public void Start()
    {
        site = new FoiFactory(DatabaseProvider.Sqlite);
        siteViews = ThemesModule.SiteViews(site.Services);
    }

    [OneTimeTearDown]
    public async Task Stop() => await site.DisposeAsync();

    [SetUp]
    public void CopyDefaultTheme()
    {
        root = Directory.CreateTempSubdirectory("foi-themes-").FullName;
        CopyDirectory(Path.Combine(RepositoryThemes, "default"), Path.Combine(root, "default"));
    }

    [TearDown]
    public void RemoveThemes() => Directory.Delete(root, recursive: true);

    public static string RepositoryThemes
    {
        get
        {
            for (var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Foi.sln")))
                {
                    return Path.Combine(directory.FullName, "themes");
                }
            }
            throw new DirectoryNotFoundException("themes/ not found above the test directory");
        }
    }

    public static IEnumerable<string> EveryTheme() =>
        Directory.GetDirectories(RepositoryThemes).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);

    [TestCaseSource(nameof(EveryTheme))]
    public void Every_theme_in_the_repository_is_complete(string theme) =>
        new ThemeChecker(RepositoryThemes, siteViews).Check(theme).ShouldBeEmpty();

    [Test]
    public void The_site_views_include_the_module_views_and_the_example_override()
    {
        siteViews.ShouldContain("/Modules/Requests/ShowHomePage/Index.cshtml");
        siteViews.ShouldContain("/Common/Web/Views/_Layout.cshtml");
        siteViews.ShouldContain("/Themes/openbook/Views/Requests/ShowHomePage/Index.cshtml");
    }

    [Test]
    public void A_missing_translation_of_a_required_page_is_reported_per_locale()
    {
        var theme = NewTheme("welsh", """{ "parent": "default", "locales": ["en", "cy"] }""");
        Write(theme, "help/about.cy.md", "---\ntitle: Amdanom ni\n---\n## Pam {#whybother_them}\n## Adrodd {#reporting}\n## Dim {#reporting_unavailable}\n");

        var problems = Check("welsh");

        problems.ShouldContain(p => p.Message == "missing required help page 'privacy' for locale 'cy'" && p.File.EndsWith("welsh/help/privacy.cy.md", StringComparison.Ordinal));
        problems.ShouldNotContain(p => p.Message.Contains("'about' for locale 'cy'", StringComparison.Ordinal));
        problems.ShouldNotContain(p => p.Message.Contains("for locale 'en'", StringComparison.Ordinal));
    }

    [Test]
    public void A_required_section_id_that_is_only_linked_to_is_reported()
    {
        var theme = NewTheme("noid", """{ "parent": "default" }""");
        Write(theme, "help/privacy.md", "---\ntitle: Privacy\n---\n## Email {#email_address}\n## Address {#full_address}\n## Post {#postal_answer}\n## Public {#public_request}\nSee [names](#real_name).\n");

        var problems = Check("noid");

        problems.ShouldContain(p => p.Message.StartsWith("missing required section id 'real_name'", StringComparison.Ordinal) && p.File.EndsWith("noid/help/privacy.md", StringComparison.Ordinal));
        problems.ShouldContain(p => p.Message == "link to '#real_name': no element on this page has id \"real_name\"" && p.Line == 8);
    }

    [Test]
    public void Links_to_missing_help_pages_or_anchors_are_reported_with_their_line()
    {
        var theme = NewTheme("links", """{ "parent": "default" }""");
        Write(theme, "help/extra.md", "---\ntitle: Extra\n---\nFirst line.\n\nSee [nothing](/help/nosuch) and\n[no anchor](/help/requesting#nosuch), but [this](/help/requesting#focused) is fine.\n");

        var problems = Check("links");

        problems.Count.ShouldBe(2);
        problems.ShouldContain(p => p.Message == "link to '/help/nosuch': there is no help page 'nosuch'" && p.Line == 6);
        problems.ShouldContain(p => p.Message == "link to '/help/requesting#nosuch': help page 'requesting' has no section id \"nosuch\"" && p.Line == 7);
    }

    [Test]
    public void Broken_references_to_static_files_are_reported()
    {
        var theme = NewTheme("statics", """
            {
              "parent": "default",
              "site": { "logo": "img/missing-logo.svg" },
              "stylesheets": ["css/missing.css"]
            }
            """);
        Write(theme, "help/extra.md", "---\ntitle: Extra\n---\n<img src=\"/theme/img/missing.png\" alt=\"\">\n<img src=\"/theme/css/site.css\" alt=\"\">\n");

        var problems = Check("statics");

        problems.ShouldContain(p => p.Message == "logo 'img/missing-logo.svg' is not a file in the wwwroot/ of this theme or its parents" && p.Line == 3);
        problems.ShouldContain(p => p.Message == "stylesheet 'css/missing.css' is not a file in the wwwroot/ of this theme or its parents" && p.Line == 4);
        problems.ShouldContain(p => p.Message == "'/theme/img/missing.png' is not a file in the wwwroot/ of this theme or its parents" && p.Line == 4);
        problems.Count.ShouldBe(3); // the parent's site.css is found through the chain
    }

    [Test]
    public void Invalid_theme_json_is_reported_with_its_line()
    {
        NewTheme("badjson", "{\n  \"parent\": \"default\",\n  \"site\": { \"name\": \"Oops\" \n}\n");
        var problem = Check("badjson").ShouldHaveSingleItem();
        problem.File.ShouldEndWith("badjson/theme.json");
        problem.Message.ShouldStartWith("theme.json is not valid");
        problem.Line.ShouldBeGreaterThan(0);
    }

    [Test]
    public void An_unknown_setting_in_theme_json_is_reported()
    {
        NewTheme("typo", """{ "parent": "default", "colours": { "brand": "#000" } }""");
        Check("typo").ShouldHaveSingleItem().Message.ShouldContain("colours");
    }

    [Test]
    public void Invalid_front_matter_is_reported_with_its_line()
    {
        var theme = NewTheme("frontmatter", """{ "parent": "default" }""");
        Write(theme, "help/extra.md", "---\ntitle: Fine\ndescription: [not closed\n---\nText.\n");
        Write(theme, "help/untitled.md", "No front matter at all.\n");

        var problems = Check("frontmatter");

        problems.ShouldContain(p => p.File.EndsWith("extra.md", StringComparison.Ordinal) && p.Message.StartsWith("front matter is not valid YAML", StringComparison.Ordinal) && p.Line >= 2);
        problems.ShouldContain(p => p.File.EndsWith("untitled.md", StringComparison.Ordinal) && p.Message.StartsWith("front matter has no title", StringComparison.Ordinal));
    }

    [Test]
    public void A_parent_that_does_not_exist_is_reported()
    {
        NewTheme("orphan", """{ "parent": "nosuch" }""");
        var problem = Check("orphan").ShouldHaveSingleItem();
        problem.Message.ShouldStartWith("parent theme 'nosuch' does not exist");
        problem.Line.ShouldBe(1);
    }

    [Test]
    public void Parents_that_form_a_cycle_are_reported()
    {
        NewTheme("alpha", """{ "parent": "beta" }""");
        NewTheme("beta", """{ "parent": "alpha" }""");
        Check("alpha").ShouldHaveSingleItem().Message.ShouldBe("parent themes form a cycle: alpha -> beta -> alpha");
        Should.Throw<ThemeException>(() => ThemeChain.Load(root, "alpha")).Message.ShouldContain("cycle");
    }

    [Test]
    public void A_view_override_that_matches_no_site_view_is_reported()
    {
        var theme = NewTheme("views", """{ "parent": "default" }""");
        Write(theme, "Views/Requests/ShowHomePag/Index.cshtml", "<p>typo in the slice name</p>");
        Write(theme, "Views/Requests/ShowHomePage/Index.cshtml", "<p>fine</p><img src=\"/theme/img/nope.png\" alt=\"\">");

        var problems = Check("views");

        problems.ShouldContain(p => p.File.EndsWith("ShowHomePag/Index.cshtml", StringComparison.Ordinal)
            && p.Message == "overrides no view of the site: there is no /Modules/Requests/ShowHomePag/Index.cshtml (check the module, slice and view names)");
        problems.ShouldContain(p => p.File.EndsWith("ShowHomePage/Index.cshtml", StringComparison.Ordinal) && p.Message.Contains("/theme/img/nope.png", StringComparison.Ordinal));
        problems.Count.ShouldBe(2);
    }

    [Test]
    public async Task The_command_exits_1_with_file_and_line_and_0_when_clean_and_speaks_json()
    {
        NewTheme("orphan", """{ "parent": "nosuch" }""");
        await using var checking = new FoiFactory(DatabaseProvider.Sqlite, new Dictionary<string, string?> { ["Themes:Directory"] = root });
        using var output = new StringWriter();
        using var error = new StringWriter();

        (await FoiCommandLine.RunAsync(checking.Services, ["theme", "check", "orphan"], output, error)).ShouldBe(1);
        output.ToString().ShouldContain("orphan/theme.json:1: parent theme 'nosuch' does not exist");

        using var json = new StringWriter();
        (await FoiCommandLine.RunAsync(checking.Services, ["theme", "check", "orphan", "--format", "json"], json, error)).ShouldBe(1);
        json.ToString().ShouldContain("\"ok\":false");
        json.ToString().ShouldContain("\"line\":1");

        using var clean = new StringWriter();
        (await FoiCommandLine.RunAsync(checking.Services, ["theme", "check"], clean, error)).ShouldBe(0);
        clean.ToString().ShouldContain("Theme 'default' is complete.");
    }

    [Test]
    public void A_translated_help_page_is_served_in_its_language_and_the_theme_s_page_otherwise()
    {
        var theme = NewTheme("bilingual", """{ "parent": "default", "locales": ["en", "cy"] }""");
        Write(theme, "help/about.cy.md", "---\ntitle: Amdanom ni\n---\nCroeso.\n");
        var help = new Foi.Modules.Themes.ShowHelpPage.HelpLibrary(ThemeChain.Load(root, "bilingual"));

        help.Find("about", "cy")!.Title.ShouldBe("Amdanom ni");
        help.Find("about", "en")!.Title.ShouldBe("About this site"); // from the parent
        help.Find("privacy", "cy")!.Title.ShouldBe("Your privacy");   // no translation yet: the page in English
        help.Find("../theme", "en").ShouldBeNull();
    }

    private IReadOnlyList<ThemeProblem> Check(string theme) => new ThemeChecker(root, siteViews).Check(theme);

    private string NewTheme(string name, string manifest)
    {
        var directory = Path.Combine(root, name);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "theme.json"), manifest);
        return directory;
    }

    private static void Write(string theme, string relative, string text)
    {
        var path = Path.Combine(theme, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
