using System.Net;
using Foi.Common.Data;
using Foi.Modules.Mail.Contracts;
using Foi.Modules.Mail.Domain;
using Foi.Modules.Mail.SendMail;
using Foi.Modules.Users.Domain;
using Foi.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Shouldly;

namespace Foi.Tests.Integration;

/// <summary>Sending through a real SMTP conversation on loopback: a refused connection is recorded, shown and retried.</summary>
internal sealed class SmtpDeliveryTests(DatabaseProvider provider) : IntegrationTest(provider)
{
    private readonly int smtpPort = SmtpSink.FreePort();
    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Mail:Transport"] = "Smtp",
        ["Mail:Smtp:Host"] = "127.0.0.1",
        ["Mail:Smtp:Port"] = smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Mail:Smtp:Security"] = "None",
        ["Mail:Smtp:TimeoutSeconds"] = "5",
    };

    protected override TimeProvider Time => clock;

    [Test]
    public async Task A_request_whose_smtp_send_fails_is_kept_shown_as_failed_and_sent_by_the_retry()
    {
        var slug = await TestAuthorities.AddAsync(Site, TestAuthorities.UniqueName("Retry Council"), "foi@retry.example");
        var citizen = await ConfirmedCitizenAsync();

        // Nothing listens on the SMTP port yet: the immediate attempt fails.
        var (_, _, location) = await citizen.PostFormAsync($"/new/{slug}", new Dictionary<string, string>
        {
            ["Title"] = "Gritting routes for winter 2026", ["Body"] = "Dear council,\n\nPlease send the map of gritting routes.\n\nYours faithfully,", ["Action"] = "send",
        });
        location.ShouldNotBeNull();
        var (_, failedPage, _) = await citizen.GetAsync(location);
        failedPage.ShouldContain("Not sent yet: the last attempt failed. We will keep trying.");
        failedPage.ShouldContain("Error after 1 attempt");
        (await NewVisitor().GetAsync(location)).Html.ShouldNotContain("Error after 1 attempt"); // the detail is for the requester

        await using var sink = new SmtpSink(smtpPort);
        clock.Advance(TimeSpan.FromMinutes(3));
        var sent = await InScopeAsync(s => s.GetRequiredService<MailOutbox>().SendDueAsync(100, CancellationToken.None));

        sent.ShouldBe(1);
        var mail = await InScopeAsync(s => s.GetRequiredService<FoiDbContext>().Set<OutgoingMail>().SingleAsync(m => m.EnvelopeTo == "foi@retry.example"));
        mail.State.ShouldBe(DeliveryState.Sent);
        mail.Attempts.ShouldBe(2);
        mail.ServerResponse!.ShouldContain("queued as SINK1");
        var received = sink.Received.ShouldHaveSingleItem();
        received.From.ShouldBe(mail.EnvelopeFrom);
        received.To.ShouldBe(["foi@retry.example"]);
        received.Data.ShouldContain($"Message-ID: <{mail.MessageId}>");
        (await citizen.GetAsync(location)).Html.ShouldContain("our mail server accepted it");
    }

    private async Task<SiteClient> ConfirmedCitizenAsync()
    {
        // Account mail goes through the same refused SMTP server here, so the account is made confirmed directly.
        var email = UniqueEmail();
        await InScopeAsync(async s =>
        {
            var users = s.GetRequiredService<UserManager<User>>();
            var result = await users.CreateAsync(new User { UserName = email, Email = email, EmailConfirmed = true, Name = "Rita Retry", Slug = "rita-retry" }, "correct horse battery");
            result.Succeeded.ShouldBeTrue();
            return result;
        });
        var visitor = NewVisitor();
        (await visitor.SignInAsync(email)).Status.ShouldBe(HttpStatusCode.Redirect);
        return visitor;
    }
}
