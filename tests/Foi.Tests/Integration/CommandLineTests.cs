using Foi.Common.Cli;
using Foi.Common.Data;
using Foi.Modules.Authorities.Domain;
using Foi.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;

namespace Foi.Tests.Integration;

internal sealed class CommandLineTests(DatabaseProvider provider) : IntegrationTest(provider)
{
    private async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await FoiCommandLine.RunAsync(Site.Services, args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Test]
    public async Task Make_admin_grants_the_role_and_refuses_an_unknown_email()
    {
        var email = UniqueEmail();
        var future = NewVisitor();
        await future.SignUpAsync("Future Admin", email); // signed in by the confirmation link
        (await future.GetAsync("/admin")).Status.ShouldBe(System.Net.HttpStatusCode.Forbidden);

        var (code, output, _) = await RunAsync("users", "make-admin", email);
        code.ShouldBe(0);
        // The role works at once, without signing out and in.
        (await future.GetAsync("/admin")).Status.ShouldBe(System.Net.HttpStatusCode.OK);
        output.ShouldContain("is now an admin");
        var isAdmin = await InScopeAsync(async s =>
        {
            var users = s.GetRequiredService<UserManager<Foi.Modules.Users.Domain.User>>();
            return await users.IsInRoleAsync((await users.FindByEmailAsync(email))!, "admin");
        });
        isAdmin.ShouldBeTrue();

        var (unknownCode, _, unknownError) = await RunAsync("users", "make-admin", "nobody@nowhere.test");
        unknownCode.ShouldBe(1);
        unknownError.ShouldContain("No account has the email address nobody@nowhere.test");
    }

    [Test]
    public async Task Authorities_import_dry_run_writes_nothing_and_a_bad_file_names_the_line()
    {
        var name = TestAuthorities.UniqueName("Command Line Council");
        var file = Path.Combine(Site.DataDirectory, "authorities.csv");
        await File.WriteAllTextAsync(file, $"name,request_email\n{name},foi@cli.example\n");

        var (dryCode, dryOutput, _) = await RunAsync("authorities", "import", file, "--dry-run");
        dryCode.ShouldBe(0);
        dryOutput.ShouldContain($"authorities.csv:2: create {name}");
        dryOutput.ShouldContain("Dry run, nothing written: 1 created");
        (await CountAsync(name)).ShouldBe(0);

        var (code, _, _) = await RunAsync("authorities", "import", file);
        code.ShouldBe(0);
        (await CountAsync(name)).ShouldBe(1);

        await File.WriteAllTextAsync(file, $"name,request_email\n{name} Two,foi@cli.example\n{name} Three,broken\n");
        var (badCode, _, badError) = await RunAsync("authorities", "import", file);
        badCode.ShouldBe(65);
        badError.ShouldContain("authorities.csv:3: invalid request_email \"broken\"");
        (await CountAsync($"{name} Two")).ShouldBe(0);

        var (missingCode, _, missingError) = await RunAsync("authorities", "import", "/no/such/file.csv");
        missingCode.ShouldBe(66);
        missingError.ShouldContain("no such file");
    }

    [Test]
    public async Task Db_migrate_reports_an_up_to_date_database()
    {
        var (code, output, _) = await RunAsync("db", "migrate");
        code.ShouldBe(0);
        output.ShouldContain("The database is up to date.");
    }

    [Test]
    public async Task An_unknown_verb_is_an_error_with_usage()
    {
        var (code, _, error) = await RunAsync("frobnicate");
        code.ShouldNotBe(0);
        error.ShouldContain("frobnicate");
    }

    private async Task<int> CountAsync(string name) =>
        await InScopeAsync(s => s.GetRequiredService<FoiDbContext>().Set<Authority>().CountAsync(a => a.Name == name));
}
