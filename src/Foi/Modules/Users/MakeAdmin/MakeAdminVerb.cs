using System.CommandLine;
using Foi.Common.Cli;

namespace Foi.Modules.Users.MakeAdmin;

/// <summary><c>foi users make-admin EMAIL</c>: the first admin of a new site.</summary>
internal static class MakeAdminVerb
{
    public static Command Build(CliContext cli)
    {
        var email = new Argument<string>("email") { Description = "Email address of the account" };
        var makeAdmin = new Command("make-admin", "Grant the admin role to an account") { email };
        makeAdmin.SetAction(async (result, cancellationToken) =>
        {
            await using var scope = cli.CreateScope();
            var error = await scope.ServiceProvider.GetRequiredService<MakeAdminHandler>().HandleAsync(result.GetValue(email)!);
            if (error is not null)
            {
                await cli.Error.WriteLineAsync(error);
                return 1;
            }
            await cli.Output.WriteLineAsync($"{result.GetValue(email)} is now an admin.");
            return 0;
        });
        return makeAdmin;
    }
}
