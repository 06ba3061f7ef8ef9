using System.Net;
using Foi.Common.Data;
using Foi.Modules.Mail.Domain;
using Foi.Modules.Spam.Contracts;
using Foi.Modules.Spam.Domain;
using Foi.Modules.Users.Domain;
using Foi.Tests.Mail;
using Foi.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using Shouldly;

namespace Foi.Tests.Spam;

/// <summary>Limits on what one account or address may do, spam in incoming mail, and the lists admins keep.</summary>
internal sealed class SpamLimitTests(DatabaseProvider provider) : IntegrationTest(provider)
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Spam:Limits:RequestsPerUserPerDay"] = "1",
        ["Spam:Limits:CommentsPerUserPerHour"] = "1",
    };

    private static Dictionary<string, string> Letter(string title) =>
        new() { ["Title"] = title, ["Body"] = "Dear Council,\n\nPlease send the information about this.\n\nYours faithfully,", ["Action"] = "send" };

    [Test]
    public async Task A_second_request_in_a_day_is_refused_with_a_clear_message_and_a_429_but_not_for_trusted_accounts()
    {
        var slug = await TestAuthorities.AddAsync(Site, TestAuthorities.UniqueName("Limited Council"));
        var email = UniqueEmail();
        var citizen = NewVisitor();
        await citizen.SignUpAsync("Lena Limited", email);
        (await citizen.PostFormAsync($"/new/{slug}", Letter("First request of the day"))).Status.ShouldBe(HttpStatusCode.Redirect);
        var (status, page, _) = await citizen.PostFormAsync($"/new/{slug}", Letter("Second request of the day"));
        status.ShouldBe(HttpStatusCode.TooManyRequests);
        page.ShouldContain("You have made 1 requests in the last 24 hours");
        page.ShouldContain("Second request of the day"); // the text is kept

        await InScopeAsync(async s =>
        {
            var users = s.GetRequiredService<UserManager<User>>();
            var user = (await users.FindByEmailAsync(email))!;
            await s.GetRequiredService<Foi.Modules.Users.Contracts.IUserProfiles>().SetTrustedAsync(user.Id, true, CancellationToken.None);
            return 0;
        });
        (await citizen.PostFormAsync($"/new/{slug}", Letter("Second request of the day"))).Status.ShouldBe(HttpStatusCode.Redirect);
    }

    [Test]
    public async Task A_second_comment_in_an_hour_is_refused_with_a_clear_message()
    {
        var request = await RequestFixtures.FileAsync(Site);
        var commenter = await SignedInCitizenAsync();
        await commenter.PostFormAsync($"/request/{request.Slug}", new Dictionary<string, string> { ["Body"] = "First comment." }, $"/request/{request.Slug}/comments");
        await commenter.PostFormAsync($"/request/{request.Slug}", new Dictionary<string, string> { ["Body"] = "Second comment." }, $"/request/{request.Slug}/comments");
        var page = (await commenter.GetAsync($"/request/{request.Slug}")).Html;
        page.ShouldContain("You have written 1 comments in the last hour");
        page.ShouldContain("First comment.");
        page.ShouldNotContain("Second comment.");
    }

    [Test]
    public async Task Mail_to_a_blocked_address_is_discarded_and_counted_and_a_high_spam_score_is_held()
    {
        var request = await RequestFixtures.FileAsync(Site);
        var admin = await SignedInAdminAsync();
        await admin.PostFormAsync("/admin/holding-pen", new Dictionary<string, string> { ["address"] = request.Address.ToUpperInvariant() }, "/admin/holding-pen/blocked");

        var spam = TestMessages.Reply(request.Address, "Cheap watches");
        spam.Body = new TextPart("plain") { Text = "Buy now" };
        (await RequestFixtures.ReceiveAsync(Site, TestMessages.Bytes(spam))).ExitCode.ShouldBe(0);
        var stored = await InScopeAsync(s => s.GetRequiredService<FoiDbContext>().Set<IncomingMail>().SingleAsync(m => m.MessageId == spam.MessageId));
        stored.State.ShouldBe(IncomingState.Discarded);
        (await admin.GetAsync("/admin/holding-pen")).Html.ShouldContain("1 discarded");

        var other = await RequestFixtures.FileAsync(Site);
        var scored = TestMessages.Reply(other.Address, "You have won");
        scored.Headers.Add("X-Spam-Score", "12.3");
        scored.Body = new TextPart("plain") { Text = "Claim your prize" };
        await RequestFixtures.ReceiveAsync(Site, TestMessages.Bytes(scored));
        var held = await InScopeAsync(s => s.GetRequiredService<FoiDbContext>().Set<IncomingMail>().SingleAsync(m => m.MessageId == scored.MessageId));
        held.HeldReason.ShouldBe(HeldReason.SpamScore);
    }

    [Test]
    public async Task Words_admins_add_to_the_lists_and_spammy_request_titles_raise_the_score()
    {
        var admin = await SignedInAdminAsync();
        await admin.PostFormAsync("/admin/spam/lists", new Dictionary<string, string> { ["list"] = "DisposableDomains", ["value"] = "Throwaway.Example" });
        (await admin.GetAsync("/admin/spam/lists")).Html.ShouldContain("throwaway.example");

        var visitor = NewVisitor();
        var email = $"x{Guid.NewGuid().ToString("N")[..6]}@throwaway.example";
        await visitor.SignUpAsync("Tina Throwaway", email);
        var assessment = await InScopeAsync(s => s.GetRequiredService<FoiDbContext>().Set<SpamAssessment>()
            .SingleAsync(a => a.UserId == s.GetRequiredService<FoiDbContext>().Users.Single(u => u.Email == email).Id));
        assessment.Rules.ShouldContain(r => r.Name == "email_disposable");

        var author = await RequestFixtures.AccountAsync(Site, "Casper Seller");
        await RequestFixtures.FileAsync(Site, title: "Buy cheap casino bonus codes here", account: author);
        await InScopeAsync(s => s.GetRequiredService<Foi.Modules.Spam.ScoreProfiles.AccountAssessor>().AssessAsync(author.Id, CancellationToken.None));
        var rules = await InScopeAsync(s => s.GetRequiredService<FoiDbContext>().Set<SpamAssessment>().SingleAsync(a => a.UserId == author.Id));
        rules.Rules.ShouldContain(r => r.Name == "content_spam_phrases");
    }
}
