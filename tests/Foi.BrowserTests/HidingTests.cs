using Foi.Modules.Authorities.Contracts;
using Foi.Modules.Requests.FileRequest;
using Foi.Modules.Users.Domain;
using Foi.Modules.Users.MakeAdmin;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Shouldly;

namespace Foi.BrowserTests;

/// <summary>An admin hides a message that gave away the requester's home address, from the request page.</summary>
internal sealed class HidingTests : BrowserTest
{
    [Test]
    public async Task An_admin_hides_a_message_with_a_reason_the_public_then_reads()
    {
        string slug;
        await using (var scope = Site.Services.CreateAsyncScope())
        {
            var services = scope.ServiceProvider;
            var users = services.GetRequiredService<UserManager<User>>();
            foreach (var (name, email) in new[] { ("Ada Admin", "ada@people.test"), ("Rhys Requester", "rhys@people.test") })
            {
                var user = new User { UserName = email, Email = email, EmailConfirmed = true, Name = name, Slug = Foi.Common.Site.Slug.From(name) };
                (await users.CreateAsync(user, "a long enough passphrase")).Succeeded.ShouldBeTrue();
            }
            (await services.GetRequiredService<MakeAdminHandler>().HandleAsync("ada@people.test")).ShouldBeNull();
            var requester = (await users.FindByEmailAsync("rhys@people.test"))!;
            var authority = (await services.GetRequiredService<IAuthorityDirectory>().FindBySlugAsync("borsetshire-county-council", CancellationToken.None))!;
            slug = (await services.GetRequiredService<FileRequestHandler>().FileAsync(requester.Id, requester.Name, authority, "Gritting routes for the winter of 2026",
                "Dear Council,\n\nPlease send me the gritting routes. Post them to me at 1 Acacia Avenue if easier.\n\nYours faithfully,\n\nRhys Requester",
                CancellationToken.None)).Slug;
        }

        var context = await Site.NewContextAsync();
        var page = await context.NewPageAsync();
        await SignInAsync(page, "ada@people.test");
        await page.GotoAsync($"/request/{slug}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Hide this message" }).ClickAsync();
        await page.GetByLabel("Why is it hidden? (shown to the public)").FillAsync("It gave the requester's home address.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Hide", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByText("Hidden from the public: It gave the requester's home address.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("1 Acacia Avenue", new() { Exact = false })).ToBeVisibleAsync();

        var visitorContext = await Site.NewContextAsync();
        var visitor = await visitorContext.NewPageAsync();
        await visitor.GotoAsync($"/request/{slug}");
        await Assertions.Expect(visitor.GetByText("This message has been hidden by the site's administrators: It gave the requester's home address.")).ToBeVisibleAsync();
        await Assertions.Expect(visitor.GetByText("1 Acacia Avenue", new() { Exact = false })).ToHaveCountAsync(0);
    }
}
